"""Bashu (巴蜀): the shared HR and social-security platform of the Chengdu–Chongqing economic circle."""
