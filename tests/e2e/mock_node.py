"""Dry-run harness: run shared/tools/sdk-compat-mock.py (the logging fake node) with a few additions.

Used only by `run.sh --mock`, to shake out client-side usage errors of the flows (wallets, argument
names, subcommands, pre-flight reads) before our node exists. The fake node executes (almost) nothing,
so the drivers run with `--no-effects` against it. It serves the 2025 metadata (spec 331), which
lacks several items btcli 9.23 needs (see README.md): those btcli flows fail here by design.

The fake node is loaded from its shared path at run time (never copied into the repository). This
wrapper:
  * answers the dev RPCs `dev_sealBlocks(n)` (adds n empty blocks) and `dev_nextEpoch(netuid)` (adds
    one block), so the drivers take the same code path as against the real node;
  * makes one state change: a submitted burned_register registers its hotkey on subnet 1 (Uids, Keys,
    IsNetworkMember, Owner), because both clients read that back and report failure otherwise;
  * adds a SubtensorModule.NetworkAdded event to a register_network receipt (btcli reads the netuid
    from it and crashes without it);
  * seeds storage and runtime-API answers so the clients' pre-flight checks get as far as submitting:
    LastUpdate, WeightsSetRateLimit = 0, CommitRevealWeightsEnabled = false, Some(StakeInfo) with
    1 000 alpha for any (hotkey, coldkey, netuid), a position on every registered hotkey for any
    coldkey, Some(zero) hyperparameters and subnet state.

Usage: python mock_node.py MOCK_PY METADATA_HEX PORT
Env:   MOCK_WALLETS (wallets w1, w2 with hotkey h1, as the fake node requires), MOCK_LOG (JSONL request
       log), MOCK_BLOCK_TIME.
"""
import asyncio
import importlib.util
import sys

REGISTER_NETWORK_CALLS = (("SubtensorModule", "register_network"),
                          ("SubtensorModule", "register_network_with_identity"))


def load_mock(mock_py: str, metadata: str, port: str):
    sys.argv = [mock_py, metadata, port]  # the fake node reads its own argv at import
    spec = importlib.util.spec_from_file_location("sdk_compat_mock", mock_py)
    mock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mock)
    return mock


def seed_storage(mock) -> None:
    # bittensor 10.5 set_weights reads LastUpdate / WeightsSetRateLimit before submitting.
    mock.put("SubtensorModule", "LastUpdate", [1], [0] * 16)
    mock.put("SubtensorModule", "WeightsSetRateLimit", [1], 0)
    mock.put("SubtensorModule", "RevealPeriodEpochs", [1], 1)
    # The metadata default of CommitRevealWeightsEnabled is true (as upstream); our node's default is
    # false, which sends bittensor 10.5 set_weights down the plain set_mechanism_weights path.
    mock.put("SubtensorModule", "CommitRevealWeightsEnabled", [1], False)


def seed_runtime_apis(mock, registered: list) -> None:
    def some_zero(api: str) -> bytes:
        """`Some(zero value)` of an API whose output is an Option (the fake node answers None)."""
        out = mock.APIS[api]["output"]
        variants = mock.T[out]["def"].get("variant", {}).get("variants", [])
        some = [v for v in variants if v["name"] == "Some"]
        if not some:
            return mock.zero_value(out)
        return bytes([some[0]["index"]]) + b"".join(mock.zero_value(f["type"]) for f in some[0]["fields"])

    for api in ("SubnetInfoRuntimeApi_get_subnet_hyperparams", "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2",
                "SubnetInfoRuntimeApi_get_subnet_state"):
        if api in mock.APIS:
            mock.DYN.setdefault(api, lambda _arg, api=api: some_zero(api))

    original_stake = mock._stake

    def big_stake(ck, hk, net):
        position = original_stake(ck, hk, net)
        position["stake"] = 1000 * 10**9  # enough for the clients' "enough stake?" checks
        return position

    mock._stake = big_stake
    mock._stakes_for = lambda ck: [mock._stake(ck, hk, 1) for hk in registered]

    def stake_any(arg: bytes) -> bytes:
        # Always Some, as on chain: bittensor 10.5 get_stake() crashes on None.
        hk, ck, net = mock._ss58(arg[:32]), mock._ss58(arg[32:64]), mock._netuid(arg[64:])
        return mock._api_out("StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
                             mock._stake(ck, hk, net))

    mock.DYN["StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid"] = stake_any


def hook_extrinsics(mock, registered: list) -> None:
    last_call = [None]
    original_decode = mock.decode_and_verify

    def decode_and_verify(xt: bytes):
        info = original_decode(xt)
        last_call[0] = tuple(info.get("call", ())) if info.get("sig_ok") else None
        if last_call[0] == ("SubtensorModule", "burned_register"):
            call = bytes.fromhex(info["call_hex"])
            netuid, hotkey = int.from_bytes(call[2:4], "little"), mock._ss58(call[4:36])
            uid = len(registered)  # w1/h1 is uid 0
            mock.put("SubtensorModule", "Uids", [netuid, hotkey], uid)
            mock.put("SubtensorModule", "Keys", [netuid, uid], hotkey)
            mock.put("SubtensorModule", "IsNetworkMember", [hotkey, netuid], True)  # btcli register checks this
            mock.put("SubtensorModule", "Owner", [hotkey], info["signer"])  # btcli stake add checks this
            registered.append(hotkey)
        return info

    mock.decode_and_verify = decode_and_verify

    pallet = next(p for p in mock.M["pallets"] if p["name"] == "SubtensorModule")
    variant = next(v for v in mock.T[pallet["event"]["ty"]]["def"]["variant"]["variants"]
                   if v["name"] == "NetworkAdded")
    network_added = bytes([pallet["index"], variant["index"]]) + b"".join(
        mock.enc_id(f["type"], 1) for f in variant["fields"])  # NetworkAdded(netuid 1, mechid 1)
    original_events_for = mock.events_for

    def events_for(idx: int, signer_pub: bytes, ok: bool) -> bytes:
        out = original_events_for(idx, signer_pub, ok)
        if not ok or last_call[0] not in REGISTER_NETWORK_CALLS:
            return out
        count, start = mock.read_compact(out, 0)
        record = b"\x00" + idx.to_bytes(4, "little") + network_added + b"\x00"  # ApplyExtrinsic(idx), no topics
        return mock.compact(count + 1) + out[start:] + record

    mock.events_for = events_for


def add_dev_rpcs(mock) -> None:
    original = mock.handle_one

    async def handle_one(ws, req):
        method = req.get("method")
        if method not in ("dev_sealBlocks", "dev_nextEpoch"):
            return await original(ws, req)
        params = req.get("params") or []
        count = 1
        if method == "dev_sealBlocks" and params and isinstance(params[0], int):
            count = max(0, min(params[0], 10_000))
        for _ in range(count):
            await mock.on_new_block(mock.CHAIN.add_block([], b""))
        mock.log({"method": method, "params": params, "ok": True})
        return {"jsonrpc": "2.0", "id": req.get("id"), "result": mock.CHAIN.head["hash"]}

    mock.handle_one = handle_one  # the fake node's handler looks it up by name at each request


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: mock_node.py MOCK_PY METADATA_HEX PORT")
    mock = load_mock(*sys.argv[1:4])
    registered = [mock.HK1]  # hotkeys registered on subnet 1, by uid
    seed_storage(mock)
    seed_runtime_apis(mock, registered)
    hook_extrinsics(mock, registered)
    add_dev_rpcs(mock)
    asyncio.run(mock.main())


if __name__ == "__main__":
    main()
