//! BIP-0030: no transaction may have the txid of one with an unspent
//! output (`CONNECT-BIP30`). On regtest BIP-0034 is active from height 1,
//! so every coinbase holds its height and no two transactions can share a
//! txid: the rule cannot be broken with regtest's own parameters. These
//! cases move BIP-0034 to height 200 (Core: `-testactivationheight=bip34@200`),
//! where a coinbase may repeat an earlier one byte for byte, as mainnet's
//! blocks 91,842 and 91,880 did.

use super::{block_file, Cases, Fixture};
use crate::conformance::chain_vectors::ParamsOverride;
use crate::conformance::generate::GeneratedFile;
use crate::script::opcodes::OP_0;
use crate::validation::coinbase_height_script;

/// `vectors/block/bip30.json`.
pub fn file() -> GeneratedFile {
    let overrides = ParamsOverride {
        bip34_height: Some(200),
        ..ParamsOverride::default()
    };
    let fx = Fixture::with_params("bip34-at-200", super::FUNDING_HEIGHT, Some(overrides));
    let mut cases = Cases::new(&fx);
    let repeating = |height: u32| {
        let mut b = fx.next();
        let mut script = coinbase_height_script(height);
        script.push(OP_0);
        b.coinbase_script_sig = Some(script);
        let block = fx.build(&b);
        let earlier = &fx.blocks[height as usize - 1].transactions[0];
        assert_eq!(block.transactions[0].txid(), earlier.txid());
        block
    };
    let rules = &["CONNECT-BIP30"];
    cases.reject(
        "bip30-unspent-coinbase-repeated",
        "Block 102's coinbase is block 2's, byte for byte (same txid), and block 2's output is unspent",
        rules,
        &repeating(2),
        "bad-txns-BIP30",
    );
    cases.ok(
        "bip30-spent-coinbase-repeated",
        "Block 102's coinbase is block 1's, whose output the funding transaction at height 101 spent: \
         a txid may repeat once its outputs are all spent",
        rules,
        &repeating(1),
    );
    cases.ok(
        "bip30-new-coinbase",
        "Block 102 with a coinbase of its own",
        rules,
        &fx.build(&fx.next()),
    );
    block_file(
        "block/bip30.json",
        "BIP-0030 (no overwriting an unspent txid), with BIP-0034 moved to height 200",
        &[&fx],
        cases.cases,
    )
}
