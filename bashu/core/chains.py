"""The hash-chained logs core keeps (found by ``bashu.core.chain.chains()``, like admin.py)."""

from bashu.core.audit import AUDIT_CHAIN
from bashu.core.chain import chain_register

chain_register(AUDIT_CHAIN)
