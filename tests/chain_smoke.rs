mod common;

use canon::chain::TestKey;

#[test]
fn a_mature_coinbase_can_be_spent() {
    let (mut chain, blocks) = common::mature_chain(0);
    let key = chain.key;
    assert_eq!(chain.chain.height(), 100);
    let tx = common::spend_coinbase(key, &blocks[0], 49_0000_0000, TestKey::new(1).p2wpkh());
    let mut next = chain.next_block();
    next.add(tx.build(), tx.fee());
    common::try_block(&mut chain, &next).unwrap();
    assert_eq!(chain.chain.height(), 101);
}
