"""Tiny raw JSON-RPC helper for the e2e suite: reads chain state WITHOUT going through the clients.

The effect checks of the suite must not trust the code they are checking, so this module talks to the
node directly (one websocket, `websockets.sync.client`, from the SDK venv) and decodes only what it needs
by hand: FRAME storage keys (twox128 / blake2_128concat / identity / twox64concat), a few SCALE values
(u16/u64/bool/AccountId32/Vec/Option/Compact) and three runtime-API answers whose layouts are fixed by
the subtensor metadata the node mirrors (fixtures/subtensor-runtime-331, sdk-compat.md §4–§5).

Also wraps the node's dev RPCs (`dev_sealBlocks(n)`, `dev_nextEpoch(netuid)`), which tests use instead
of sleeping on a wall clock.

Invariants: every decode is bounds-checked (a short or malformed answer raises `ChainError`, never an
IndexError deep inside a flow); no method writes to the chain except the two dev RPCs.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any, Optional

import xxhash
from websockets.sync.client import connect

SS58_PREFIX = 42
RAO_PER_TAO = 10**9

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


class ChainError(Exception):
    """A JSON-RPC error, a missing value, or an answer that does not decode."""


# ---------------------------------------------------------------------------------------------- SS58


def _b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    pad = len(data) - len(data.lstrip(b"\x00"))
    return "1" * pad + out


def _b58decode(text: str) -> bytes:
    n = 0
    for ch in text:
        idx = _B58.find(ch)
        if idx < 0:
            raise ChainError(f"not base58: {text!r}")
        n = n * 58 + idx
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    pad = len(text) - len(text.lstrip("1"))
    return b"\x00" * pad + body


def _ss58_checksum(payload: bytes) -> bytes:
    return hashlib.blake2b(b"SS58PRE" + payload, digest_size=64).digest()[:2]


def ss58_encode(pubkey: bytes, prefix: int = SS58_PREFIX) -> str:
    """SS58 address (simple one-byte prefix) of a 32-byte public key."""
    if len(pubkey) != 32 or not 0 <= prefix < 64:
        raise ChainError("ss58_encode wants a 32-byte key and a prefix < 64")
    payload = bytes([prefix]) + pubkey
    return _b58encode(payload + _ss58_checksum(payload))


def ss58_decode(address: str) -> bytes:
    """32-byte public key of an SS58 address; checks length, prefix and checksum."""
    raw = _b58decode(address)
    if len(raw) != 35 or raw[0] != SS58_PREFIX:
        raise ChainError(f"not an SS58 (prefix 42) account address: {address!r}")
    if _ss58_checksum(raw[:33]) != raw[33:]:
        raise ChainError(f"bad SS58 checksum: {address!r}")
    return raw[1:33]


# ------------------------------------------------------------------------------------------- hashing


def twox128(data: bytes) -> bytes:
    return xxhash.xxh64(data, seed=0).digest()[::-1] + xxhash.xxh64(data, seed=1).digest()[::-1]


def twox64_concat(data: bytes) -> bytes:
    return xxhash.xxh64(data, seed=0).digest()[::-1] + data


def blake2_128_concat(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest() + data


def blake2_256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def storage_prefix(pallet: str, item: str) -> bytes:
    return twox128(pallet.encode()) + twox128(item.encode())


def u16(n: int) -> bytes:
    return int(n).to_bytes(2, "little")


def u64(n: int) -> bytes:
    return int(n).to_bytes(8, "little")


def account(address: str) -> bytes:
    return ss58_decode(address)


def compact(n: int) -> bytes:
    if n < 1 << 6:
        return bytes([n << 2])
    if n < 1 << 14:
        return ((n << 2) | 1).to_bytes(2, "little")
    if n < 1 << 30:
        return ((n << 2) | 2).to_bytes(4, "little")
    nb = (n.bit_length() + 7) // 8
    return bytes([((nb - 4) << 2) | 3]) + n.to_bytes(nb, "little")


# -------------------------------------------------------------------------------------- SCALE reader


class Reader:
    """Bounds-checked cursor over SCALE bytes."""

    MAX_VEC = 1 << 20  # no answer the suite reads has more items than this

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ChainError(f"SCALE: wanted {n} bytes at {self.pos}, have {len(self.data) - self.pos}")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def uint(self, width: int) -> int:
        return int.from_bytes(self.take(width), "little")

    def u8(self) -> int:
        return self.uint(1)

    def u16(self) -> int:
        return self.uint(2)

    def u32(self) -> int:
        return self.uint(4)

    def u64(self) -> int:
        return self.uint(8)

    def bool(self) -> bool:
        b = self.u8()
        if b > 1:
            raise ChainError(f"SCALE: bool byte {b}")
        return b == 1

    def account(self) -> str:
        return ss58_encode(self.take(32))

    def compact(self) -> int:
        first = self.u8()
        mode = first & 3
        if mode == 0:
            return first >> 2
        if mode == 1:
            return (first | self.u8() << 8) >> 2
        if mode == 2:
            return (first | self.uint(3) << 8) >> 2
        return self.uint((first >> 2) + 4)

    def length(self) -> int:
        n = self.compact()
        if n > self.MAX_VEC:
            raise ChainError(f"SCALE: vector length {n} is implausible")
        return n

    def option(self) -> bool:
        tag = self.u8()
        if tag > 1:
            raise ChainError(f"SCALE: Option tag {tag}")
        return tag == 1

    def done(self) -> None:
        if self.pos != len(self.data):
            raise ChainError(f"SCALE: {len(self.data) - self.pos} trailing bytes")


def _hex(data: Optional[str]) -> Optional[bytes]:
    if data is None:
        return None
    if not isinstance(data, str) or not data.startswith("0x"):
        raise ChainError(f"expected a 0x hex string, got {data!r:.80}")
    try:
        return bytes.fromhex(data[2:])
    except ValueError as err:
        raise ChainError(f"bad hex: {err}") from err


# ------------------------------------------------------------------------------------------- client


class Chain:
    """One websocket JSON-RPC connection to a node (or the mock). Not thread-safe."""

    def __init__(self, url: str, timeout_s: float = 30.0):
        self.url = url
        self.timeout_s = timeout_s
        self._ids = itertools.count(1)
        self._ws = connect(url, max_size=2**26, open_timeout=timeout_s)

    def close(self) -> None:
        self._ws.close()

    def __enter__(self) -> "Chain":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- transport --------------------------------------------------------------------------------

    def rpc(self, method: str, params: Optional[list] = None) -> Any:
        req_id = next(self._ids)
        self._ws.send(json.dumps({"jsonrpc": "2.0", "id": req_id, "method": method, "params": params or []}))
        while True:
            try:
                raw = self._ws.recv(timeout=self.timeout_s)
            except TimeoutError as err:
                raise ChainError(f"{method}: no answer within {self.timeout_s}s") from err
            msg = json.loads(raw)
            if isinstance(msg, dict) and msg.get("id") == req_id:
                break  # anything else is a stray notification
        if "error" in msg:
            err = msg["error"]
            raise ChainError(f"{method}: {err.get('message')} ({err.get('code')}) {err.get('data') or ''}".strip())
        return msg.get("result")

    # -- blocks and dev controls --------------------------------------------------------------------

    def head_hash(self) -> str:
        return self.rpc("chain_getBlockHash", [])

    def block_number(self, block_hash: Optional[str] = None) -> int:
        header = self.rpc("chain_getHeader", [block_hash] if block_hash else [])
        if not isinstance(header, dict) or not isinstance(header.get("number"), str):
            raise ChainError(f"chain_getHeader: unexpected answer {header!r:.120}")
        return int(header["number"], 16)

    def seal_blocks(self, n: int) -> Any:
        """Dev RPC: produce `n` blocks now (returns whatever the node returns)."""
        return self.rpc("dev_sealBlocks", [int(n)])

    def next_epoch(self, netuid: int) -> Any:
        """Dev RPC: produce blocks until `netuid`'s next epoch has run."""
        return self.rpc("dev_nextEpoch", [int(netuid)])

    # -- storage ---------------------------------------------------------------------------------

    def storage(self, pallet: str, item: str, *keys: bytes, at: Optional[str] = None) -> Optional[bytes]:
        """Raw value of a storage entry; `keys` are already hashed key parts. None if absent."""
        key = "0x" + (storage_prefix(pallet, item) + b"".join(keys)).hex()
        params: list = [key] + ([at] if at else [])
        return _hex(self.rpc("state_getStorage", params))

    def storage_keys(self, pallet: str, item: str, *keys: bytes, page: int = 256) -> list[bytes]:
        """All keys under a prefix, through state_getKeysPaged (sorted, as the node returns them)."""
        prefix = "0x" + (storage_prefix(pallet, item) + b"".join(keys)).hex()
        out: list[bytes] = []
        start = prefix
        for _ in range(10_000):
            batch = self.rpc("state_getKeysPaged", [prefix, page, start])
            if not isinstance(batch, list):
                raise ChainError(f"state_getKeysPaged: unexpected answer {batch!r:.120}")
            out.extend(_hex(k) for k in batch)
            if len(batch) < page:
                return out
            start = batch[-1]
        raise ChainError("state_getKeysPaged: more than 10 000 pages")

    def state_call(self, name: str, args: bytes = b"") -> bytes:
        out = _hex(self.rpc("state_call", [name, "0x" + args.hex()]))
        if out is None:
            raise ChainError(f"state_call {name}: null answer")
        return out

    # -- typed reads: System and Balances ---------------------------------------------------------

    def free_balance(self, address: str) -> int:
        """System.Account(address).data.free in rao (0 for an unknown account)."""
        raw = self.storage("System", "Account", blake2_128_concat(account(address)))
        if raw is None:
            return 0
        r = Reader(raw)
        r.take(16)  # nonce, consumers, providers, sufficients
        return r.u64()

    # -- typed reads: subnets ---------------------------------------------------------------------

    def netuids(self) -> list[int]:
        """Every netuid with NetworksAdded = true."""
        prefix_len = 32
        out = []
        for key in self.storage_keys("SubtensorModule", "NetworksAdded"):
            if len(key) != prefix_len + 2:
                raise ChainError(f"NetworksAdded key of {len(key)} bytes")
            netuid = int.from_bytes(key[prefix_len:], "little")
            if self.bool_item("NetworksAdded", u16(netuid)):
                out.append(netuid)
        return sorted(out)

    def bool_item(self, item: str, *keys: bytes) -> bool:
        raw = self.storage("SubtensorModule", item, *keys)
        if raw is None:
            return False
        r = Reader(raw)
        value = r.bool()
        r.done()
        return value

    def u16_item(self, item: str, *keys: bytes) -> Optional[int]:
        raw = self.storage("SubtensorModule", item, *keys)
        return None if raw is None else Reader(raw).u16()

    def u64_item(self, item: str, *keys: bytes) -> Optional[int]:
        raw = self.storage("SubtensorModule", item, *keys)
        return None if raw is None else Reader(raw).u64()

    def account_item(self, item: str, *keys: bytes) -> Optional[str]:
        raw = self.storage("SubtensorModule", item, *keys)
        return None if raw is None else Reader(raw).account()

    def subnet_owner(self, netuid: int) -> Optional[str]:
        return self.account_item("SubnetOwner", u16(netuid))

    def subnet_owner_hotkey(self, netuid: int) -> Optional[str]:
        return self.account_item("SubnetOwnerHotkey", u16(netuid))

    def first_emission_block(self, netuid: int) -> Optional[int]:
        """FirstEmissionBlockNumber (set by start_call), None before."""
        return self.u64_item("FirstEmissionBlockNumber", u16(netuid))

    def subnet_identity_name(self, netuid: int) -> Optional[bytes]:
        """subnet_name of SubnetIdentitiesV3(netuid) (Blake2_128Concat key), None if no identity."""
        raw = self.storage("SubtensorModule", "SubnetIdentitiesV3", blake2_128_concat(u16(netuid)))
        if raw is None:
            return None
        r = Reader(raw)
        return r.take(r.length())

    def tempo(self, netuid: int) -> Optional[int]:
        return self.u16_item("Tempo", u16(netuid))

    def subnet_tao(self, netuid: int) -> int:
        """SubnetTAO(netuid): the TAO reserve of the subnet's pool, in rao."""
        return self.u64_item("SubnetTAO", u16(netuid)) or 0

    def subnet_alpha_in(self, netuid: int) -> int:
        """SubnetAlphaIn(netuid): the alpha reserve of the subnet's pool, in rao."""
        return self.u64_item("SubnetAlphaIn", u16(netuid)) or 0

    def commit_reveal_enabled(self, netuid: int) -> bool:
        return self.bool_item("CommitRevealWeightsEnabled", u16(netuid))

    def weights_rate_limit(self, netuid: int) -> int:
        return self.u64_item("WeightsSetRateLimit", u16(netuid)) or 0

    def uid(self, netuid: int, hotkey: str) -> Optional[int]:
        """Uids(netuid, hotkey): the hotkey's uid, None if not registered."""
        return self.u16_item("Uids", u16(netuid), blake2_128_concat(account(hotkey)))

    def subnetwork_n(self, netuid: int) -> int:
        return self.u16_item("SubnetworkN", u16(netuid)) or 0

    def hotkeys(self, netuid: int) -> list[str]:
        """Keys(netuid, uid) for uid in 0..SubnetworkN."""
        out = []
        for uid in range(self.subnetwork_n(netuid)):
            hk = self.account_item("Keys", u16(netuid), u16(uid))
            if hk is None:
                raise ChainError(f"Keys({netuid}, {uid}) missing below SubnetworkN")
            out.append(hk)
        return out

    def _vec_u16(self, item: str, netuid: int) -> list[int]:
        raw = self.storage("SubtensorModule", item, u16(netuid))
        if raw is None:
            return []
        r = Reader(raw)
        out = [r.u16() for _ in range(r.length())]
        r.done()
        return out

    def incentive(self, netuid: int) -> list[int]:
        return self._vec_u16("Incentive", netuid)

    def dividends(self, netuid: int) -> list[int]:
        return self._vec_u16("Dividends", netuid)

    def last_update(self, netuid: int) -> list[int]:
        raw = self.storage("SubtensorModule", "LastUpdate", u16(netuid))
        if raw is None:
            return []
        r = Reader(raw)
        out = [r.u64() for _ in range(r.length())]
        r.done()
        return out

    def weights(self, netuid: int, uid: int) -> list[tuple[int, int]]:
        """Weights(netuid, uid): the stored row as (uid, u16 value) pairs."""
        raw = self.storage("SubtensorModule", "Weights", u16(netuid), u16(uid))
        if raw is None:
            return []
        r = Reader(raw)
        out = [(r.u16(), r.u16()) for _ in range(r.length())]
        r.done()
        return out

    def weight_commits(self, netuid: int, hotkey: str) -> list[tuple[str, int, int, int]]:
        """WeightCommits(netuid, hotkey): (hash hex, commit block, first reveal block, last reveal block)."""
        raw = self.storage("SubtensorModule", "WeightCommits", twox64_concat(u16(netuid)),
                           twox64_concat(account(hotkey)))
        if raw is None:
            return []
        r = Reader(raw)
        out = [("0x" + r.take(32).hex(), r.u64(), r.u64(), r.u64()) for _ in range(r.length())]
        r.done()
        return out

    def total_hotkey_alpha(self, hotkey: str, netuid: int) -> int:
        return self.u64_item("TotalHotkeyAlpha", blake2_128_concat(account(hotkey)), u16(netuid)) or 0

    def delegate_take(self, hotkey: str) -> Optional[int]:
        """Delegates(hotkey): the take in u16 parts of 65535, None if not a delegate."""
        return self.u16_item("Delegates", blake2_128_concat(account(hotkey)))

    def hotkey_owner(self, hotkey: str) -> Optional[str]:
        return self.account_item("Owner", blake2_128_concat(account(hotkey)))

    # -- runtime APIs -----------------------------------------------------------------------------

    def stake(self, hotkey: str, coldkey: str, netuid: int) -> int:
        """Alpha (rao) the coldkey holds on the hotkey in the subnet, via
        StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid -> Option<StakeInfo>."""
        raw = self.state_call("StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
                              account(hotkey) + account(coldkey) + u16(netuid))
        r = Reader(raw)
        if not r.option():
            raise ChainError("get_stake_info_for_hotkey_coldkey_netuid returned None; the chain answers Some "
                             "(stake 0) and bittensor 10.5 get_stake() crashes on None")
        r.take(64)  # hotkey, coldkey
        r.compact()  # netuid
        return r.compact()  # stake

    def alpha_price_rao(self, netuid: int) -> int:
        """SwapRuntimeApi_current_alpha_price(netuid): rao of TAO per 1e9 rao of alpha."""
        r = Reader(self.state_call("SwapRuntimeApi_current_alpha_price", u16(netuid)))
        return r.u64()

    def network_registration_cost(self) -> int:
        r = Reader(self.state_call("SubnetRegistrationRuntimeApi_get_network_registration_cost"))
        return r.u64()
