//! Differential checks against rust-bitcoin (an oracle only: canon's rules
//! never call it). Random output scripts of every address kind must encode to
//! the same address, and that address must decode back to the same script.

use bitcoin::{Address, ScriptBuf};
use canon::address::{decode_destination, encode_destination, Destination};
use canon::params::Network;
use proptest::prelude::*;

/// An output script of one of the address kinds, with random contents.
fn address_script() -> impl Strategy<Value = Vec<u8>> {
    let hash20 = prop::array::uniform20(any::<u8>());
    let hash32 = prop::array::uniform32(any::<u8>());
    prop_oneof![
        hash20.prop_map(|h| [&[0x76, 0xa9, 20][..], &h, &[0x88, 0xac]].concat()),
        hash20.prop_map(|h| [&[0xa9, 20][..], &h, &[0x87]].concat()),
        hash20.prop_map(|h| [&[0x00, 20][..], &h].concat()),
        hash32.prop_map(|h| [&[0x00, 32][..], &h].concat()),
        hash32.prop_map(|h| [&[0x51, 32][..], &h].concat()),
        (1u8..=16, prop::collection::vec(any::<u8>(), 2..=40)).prop_map(|(version, program)| {
            [&[0x50 + version, program.len() as u8][..], &program].concat()
        }),
    ]
}

fn oracle_network(network: Network) -> bitcoin::Network {
    match network {
        Network::Main => bitcoin::Network::Bitcoin,
        Network::Testnet3 => bitcoin::Network::Testnet,
        Network::Testnet4 => bitcoin::Network::Testnet4,
        Network::Signet => bitcoin::Network::Signet,
        Network::Regtest => bitcoin::Network::Regtest,
    }
}

proptest! {
    #[test]
    fn addresses_agree_with_rust_bitcoin(script in address_script(), which in 0usize..5) {
        let network = Network::ALL[which];
        let destination = Destination::from_script_pubkey(&script).expect("an address script");
        prop_assert_eq!(destination.script_pubkey(), script.clone());
        let ours = encode_destination(&destination, network).expect("encodable");
        let oracle = Address::from_script(&ScriptBuf::from_bytes(script.clone()), oracle_network(network))
            .expect("rust-bitcoin reads the script")
            .to_string();
        prop_assert_eq!(&ours, &oracle);
        prop_assert_eq!(decode_destination(&ours, network), Ok(destination));
    }

    #[test]
    fn base58_agrees_with_rust_bitcoin(data in prop::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(canon::address::encode_base58(&data), bitcoin::base58::encode(&data));
        prop_assert_eq!(canon::address::encode_base58check(&data), bitcoin::base58::encode_check(&data));
    }
}
