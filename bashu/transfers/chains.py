"""The hash-chained log transfers keeps, and the peer that keeps every chain's checkpoints
(found by ``bashu.core.chain.chains()``, like admin.py)."""

from bashu.core.chain import CheckpointPeer, chain_register, checkpoint_peer_register
from bashu.transfers.exchange import EXCHANGE_CHAIN, checkpoint_records, checkpoint_send

chain_register(EXCHANGE_CHAIN)
checkpoint_peer_register(
    CheckpointPeer(name="peer-province", send=checkpoint_send, records=checkpoint_records)
)
