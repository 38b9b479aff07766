# Writes chain_requests.jsonl: regtest blocks for the kernel adapter's chain and
# block kinds (a valid block 1, one paying too much, an orphan, one with the
# wrong BIP-0034 height, one whose transactions do not match its header).
# Run: python3 make_chain_requests.py > chain_requests.jsonl
import hashlib, struct, json
def dsha(b): return hashlib.sha256(hashlib.sha256(b).digest()).digest()
GEN = bytes.fromhex("0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206")[::-1]
def coinbase(height_push, value, extra=b""):
    ss = height_push + b"\x00" + extra
    tx = struct.pack("<i", 2) + b"\x01" + b"\x00"*32 + b"\xff\xff\xff\xff" + bytes([len(ss)]) + ss + b"\xff\xff\xff\xff"
    tx += b"\x01" + struct.pack("<q", value) + b"\x01\x51" + struct.pack("<I", 0)
    return tx
def block(prev, txs, t):
    merkle = dsha(txs[0]) if len(txs) == 1 else None
    hashes = [dsha(t_) for t_ in txs]
    while len(hashes) > 1:
        if len(hashes) % 2: hashes.append(hashes[-1])
        hashes = [dsha(hashes[i]+hashes[i+1]) for i in range(0, len(hashes), 2)]
    merkle = hashes[0]
    target = 0x7fffff << (8*(0x20-3))
    for nonce in range(1000):
        hdr = struct.pack("<i", 0x20000000) + prev + merkle + struct.pack("<III", t, 0x207fffff, nonce)
        h = dsha(hdr)
        if int.from_bytes(h, "little") <= target: break
    return hdr + bytes([len(txs)]) + b"".join(txs), h
good, h1 = block(GEN, [coinbase(b"\x51", 5000000000)], 1296688603)
bad, _ = block(GEN, [coinbase(b"\x51", 5000000001)], 1296688603)
orphan, _ = block(b"\x11"*32, [coinbase(b"\x52", 5000000000)], 1296688604)
badh, _ = block(h1, [coinbase(b"\x53", 5000000000)], 1296688604)  # wrong height push
cb = coinbase(b"\x52", 5000000000, b"x")
mutated, _ = block(h1, [cb], 1296688604)
# Replace the transaction after the header committed to another: mutated.
mutated = mutated[:80] + b"\x01" + coinbase(b"\x52", 5000000000, b"y")  # header no longer matches
steps = [{"block": bad.hex()}, {"block": good.hex()}, {"block": orphan.hex()}, {"block": badh.hex()}, {"block": mutated.hex()}, {"header": good[:80].hex()}]
print(json.dumps({"id": "c1", "kind": "chain", "network": "regtest", "steps": steps}))
print(json.dumps({"id": "b1", "kind": "block", "network": "regtest", "prefix": [good.hex()], "block": badh.hex()}))
