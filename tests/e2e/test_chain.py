"""Unit tests of the suite's own helpers (chain.py, common.py, btcli_flows.last_json), checked against
known Substrate constants and against the pinned clients' own implementations. No node needed:

    .venv-e2e/sdk/bin/python -m unittest discover -s tests/e2e -p 'test_*.py'
"""
import unittest

import chain
from chain import ChainError, Reader
from common import commit_hash


class Hashing(unittest.TestCase):
    def test_twox128_matches_known_prefixes(self):
        # sdk-compat.md §5: System.Account and SubtensorModule.NetworksAdded prefixes.
        self.assertEqual(chain.storage_prefix("System", "Account").hex(),
                         "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9")
        self.assertEqual(chain.storage_prefix("SubtensorModule", "NetworksAdded").hex(),
                         "658faa385070e074c85bf6b568cf05550e30450fc4d507a846032a7fa65d9a43")

    def test_blake2_128_concat_keeps_the_key(self):
        self.assertEqual(chain.blake2_128_concat(b"\x01\x02")[16:], b"\x01\x02")
        self.assertEqual(len(chain.blake2_128_concat(b"")), 16)


class Ss58(unittest.TestCase):
    ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
    ALICE_PUB = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"

    def test_round_trip_of_alice(self):
        self.assertEqual(chain.ss58_decode(self.ALICE).hex(), self.ALICE_PUB)
        self.assertEqual(chain.ss58_encode(bytes.fromhex(self.ALICE_PUB)), self.ALICE)

    def test_agrees_with_bittensor_wallet(self):
        from bittensor_wallet import Keypair

        for uri in ("//Bob", "//Clihotowner", "//sdk-transfer-dest"):
            kp = Keypair.create_from_uri(uri)
            self.assertEqual(chain.ss58_encode(bytes(kp.public_key)), kp.ss58_address)

    def test_rejects_bad_checksum_and_alphabet(self):
        bad = self.ALICE[:-1] + ("Z" if self.ALICE[-1] != "Z" else "Y")
        with self.assertRaises(ChainError):
            chain.ss58_decode(bad)
        with self.assertRaises(ChainError):
            chain.ss58_decode("0OIl")


class Scale(unittest.TestCase):
    def test_compact_round_trip(self):
        for n in (0, 1, 63, 64, 16383, 16384, 2**30 - 1, 2**30, 2**64 - 1):
            r = Reader(chain.compact(n))
            self.assertEqual(r.compact(), n)
            r.done()

    def test_reader_bounds(self):
        r = Reader(b"\x01\x02")
        with self.assertRaises(ChainError):
            r.u32()
        with self.assertRaises(ChainError):
            Reader(b"\x02").bool()
        with self.assertRaises(ChainError):
            Reader(b"\x03").option()
        with self.assertRaises(ChainError):
            Reader(b"\xff\xff\xff\xff").length()  # 1 073 741 823 items: implausible

    def test_account_info_free_offset(self):
        info = (3).to_bytes(4, "little") + bytes(12) + (123_456).to_bytes(8, "little") + bytes(8 + 8 + 16)
        r = Reader(info)
        r.take(16)
        self.assertEqual(r.u64(), 123_456)


class CommitHash(unittest.TestCase):
    def test_matches_bittensor_sdk(self):
        from bittensor.utils.weight_utils import generate_weight_hash

        hotkey = chain.ss58_encode(bytes(range(32)))
        for uids, values, salt, version in (([0, 3], [65535, 65535], [11, 22, 33], 10_005_000),
                                            ([7], [1], [], 0)):
            want = generate_weight_hash(address=hotkey, netuid=5, uids=uids, values=values,
                                        version_key=version, salt=salt)
            self.assertEqual(commit_hash(hotkey, 5, uids, values, salt, version), want)


class CommitHashBtcli(unittest.TestCase):
    def test_matches_btcli(self):
        import os
        import subprocess

        python = os.path.join(os.path.dirname(__file__), "..", "..", ".venv-e2e", "btcli", "bin", "python")
        python = os.environ.get("DTAO_E2E_BTCLI_PYTHON", python)
        if not os.path.exists(python):
            self.skipTest("no btcli venv (run tests/e2e/setup.sh)")
        hotkey = chain.ss58_encode(bytes(range(32)))
        code = ("from bittensor_cli.src.bittensor.extrinsics.root import generate_weight_hash as g; "
                f"print(g(address={hotkey!r}, netuid=9, uids=[0, 3], values=[65535, 65535], "
                "version_key=9023002, salt=[11, 22, 33]))")
        out = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=120, check=True)
        self.assertEqual(out.stdout.strip(), commit_hash(hotkey, 9, [0, 3], [65535, 65535], [11, 22, 33], 9023002))


class LastJson(unittest.TestCase):
    def test_finds_the_last_value_among_noise(self):
        from btcli_flows import last_json

        text = '[Verbose]: hello\n{"a": 1}\nnoise {\n{\n  "b": [1,\n 2]\n}\ntrailing'
        self.assertEqual(last_json(text), {"b": [1, 2]})
        self.assertIsNone(last_json("no json here"))
        self.assertEqual(last_json('[{"netuid": 1}]'), [{"netuid": 1}])


if __name__ == "__main__":
    unittest.main()
