//! The block builder's signed spends, checked by libbitcoinconsensus
//! (Core's own interpreter, an oracle only): what canon accepts in the
//! chain tests is what Core's interpreter accepts.

use canon::chain::{TestKey, TxBuilder, Unlock};
use canon::encoding::Encode;
use canon::primitives::{OutPoint, TxOut, Txid};

#[test]
fn builder_spends_verify_under_libbitcoinconsensus() {
    let keys = [TestKey::new(1), TestKey::new(2)];
    let spent = [
        TxOut {
            value: 70_000,
            script_pubkey: keys[0].p2wpkh(),
        },
        TxOut {
            value: 30_000,
            script_pubkey: keys[1].p2pkh(),
        },
    ];
    let outpoint = |n: u8| OutPoint {
        txid: Txid([n; 32]),
        vout: u32::from(n),
    };
    let tx = TxBuilder::new()
        .input(outpoint(1), spent[0].clone(), Unlock::P2wpkh(keys[0]))
        .input(outpoint(2), spent[1].clone(), Unlock::P2pkh(keys[1]))
        .output(99_000, keys[0].p2wpkh())
        .build();
    let bytes = tx.to_bytes();
    for (index, output) in spent.iter().enumerate() {
        let result = bitcoinconsensus::verify(
            &output.script_pubkey,
            output.value as u64,
            &bytes,
            None,
            index,
        );
        assert!(result.is_ok(), "input {index}: {result:?}");
    }
    // A signature over other outputs fails there too.
    let mut forged = tx.clone();
    forged.outputs[0].value -= 1;
    let result =
        bitcoinconsensus::verify(&spent[0].script_pubkey, 70_000, &forged.to_bytes(), None, 0);
    assert!(result.is_err());
}
