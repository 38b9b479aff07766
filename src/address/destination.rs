//! What an address pays to, and the output script that pays it.
//! Core: `CTxDestination` (src/addresstype.h), `GetScriptForDestination` and
//! `ExtractDestination` (src/addresstype.cpp), `Solver` (src/script/solver.cpp).

use crate::script::instruction::push_data;

/// The opcodes of the standard output scripts (values from Core's
/// `src/script/script.h`).
const OP_0: u8 = 0x00;
const OP_1: u8 = 0x51;
const OP_16: u8 = 0x60;
const OP_DUP: u8 = 0x76;
const OP_EQUAL: u8 = 0x87;
const OP_EQUALVERIFY: u8 = 0x88;
const OP_HASH160: u8 = 0xa9;
const OP_CHECKSIG: u8 = 0xac;

/// The program of a pay-to-anchor output (BIP-0431 ephemeral anchors):
/// witness version 1, the two bytes `4e73`. Core: `CScript::IsPayToAnchor`.
pub const ANCHOR_PROGRAM: [u8; 2] = [0x4e, 0x73];

/// A segwit witness version, 0 to 16 (BIP-0141): the first opcode of a
/// witness output script, `OP_0` or `OP_1`..`OP_16`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WitnessVersion(u8);

impl WitnessVersion {
    /// The version `v`, if it is 0 to 16.
    pub fn new(v: u8) -> Option<WitnessVersion> {
        (v <= 16).then_some(WitnessVersion(v))
    }

    /// The version as a number.
    pub fn to_u8(self) -> u8 {
        self.0
    }

    /// The opcode that pushes the version. Core: `CScript::EncodeOP_N`.
    fn opcode(self) -> u8 {
        if self.0 == 0 {
            OP_0
        } else {
            OP_1 + self.0 - 1
        }
    }
}

/// Where an address sends coins. Core: `CTxDestination`, less
/// `CNoDestination` and `PubKeyDestination`, which are not addresses: canon
/// reports those as an error or `None` instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Destination {
    /// Pay to the HASH160 of a public key (P2PKH). Core: `PKHash`.
    PubKeyHash([u8; 20]),
    /// Pay to the HASH160 of a redeem script (P2SH, BIP-0016). Core: `ScriptHash`.
    ScriptHash([u8; 20]),
    /// Version-0 witness program of 20 bytes (P2WPKH, BIP-0141). Core: `WitnessV0KeyHash`.
    WitnessV0KeyHash([u8; 20]),
    /// Version-0 witness program of 32 bytes (P2WSH, BIP-0141). Core: `WitnessV0ScriptHash`.
    WitnessV0ScriptHash([u8; 32]),
    /// Version-1 witness program of 32 bytes: a taproot output key
    /// (P2TR, BIP-0341). Core: `WitnessV1Taproot`.
    WitnessV1Taproot([u8; 32]),
    /// Version-1 witness program `4e73` (P2A). Core: `PayToAnchor`.
    PayToAnchor,
    /// Any other witness program. Core: `WitnessUnknown`.
    WitnessUnknown {
        /// The witness version.
        version: WitnessVersion,
        /// The witness program.
        program: Vec<u8>,
    },
}

/// A witness output script: the version's opcode, then a push of the program.
fn witness_script(version: WitnessVersion, program: &[u8]) -> Vec<u8> {
    let mut script = vec![version.opcode()];
    push_data(&mut script, program);
    script
}

impl Destination {
    /// The output script that pays this destination (`ADDR-SCRIPT`).
    /// Core: `GetScriptForDestination`.
    ///
    /// P2PKH is `OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG`; P2SH is
    /// `OP_HASH160 <20> OP_EQUAL`; a witness destination is its version's
    /// opcode followed by a push of its program.
    pub fn script_pubkey(&self) -> Vec<u8> {
        match self {
            Destination::PubKeyHash(hash) => {
                let mut script = vec![OP_DUP, OP_HASH160];
                push_data(&mut script, hash);
                script.extend_from_slice(&[OP_EQUALVERIFY, OP_CHECKSIG]);
                script
            }
            Destination::ScriptHash(hash) => {
                let mut script = vec![OP_HASH160];
                push_data(&mut script, hash);
                script.push(OP_EQUAL);
                script
            }
            Destination::WitnessV0KeyHash(hash) => witness_script(WitnessVersion(0), hash),
            Destination::WitnessV0ScriptHash(hash) => witness_script(WitnessVersion(0), hash),
            Destination::WitnessV1Taproot(key) => witness_script(WitnessVersion(1), key),
            Destination::PayToAnchor => witness_script(WitnessVersion(1), &ANCHOR_PROGRAM),
            Destination::WitnessUnknown { version, program } => witness_script(*version, program),
        }
    }

    /// The destination an output script pays, if it is one an address can
    /// name (`ADDR-SCRIPT`). Core: `ExtractDestination` over `Solver`,
    /// returning `true`.
    ///
    /// Recognised, in `Solver`'s order: P2SH; a witness program (a 4 to 42
    /// byte script of a version opcode and one direct push of the rest)
    /// that is P2WPKH, P2WSH, P2TR, P2A, or of any version but 0; P2PKH.
    /// Everything else, including P2PK, bare multisig, `OP_RETURN` outputs
    /// and version-0 programs of other sizes, is `None`.
    pub fn from_script_pubkey(script: &[u8]) -> Option<Destination> {
        if let [OP_HASH160, 20, hash @ .., OP_EQUAL] = script {
            return Some(Destination::ScriptHash(hash.try_into().ok()?));
        }
        if let Some((version, program)) = witness_program(script) {
            return witness_destination(version, program);
        }
        if let [OP_DUP, OP_HASH160, 20, hash @ .., OP_EQUALVERIFY, OP_CHECKSIG] = script {
            return Some(Destination::PubKeyHash(hash.try_into().ok()?));
        }
        None
    }
}

/// The version and program of a witness output script. Core: `CScript::IsWitnessProgram`.
pub fn witness_program(script: &[u8]) -> Option<(WitnessVersion, &[u8])> {
    if !(4..=42).contains(&script.len()) || usize::from(script[1]) + 2 != script.len() {
        return None;
    }
    let version = match script[0] {
        OP_0 => WitnessVersion(0),
        op @ OP_1..=OP_16 => WitnessVersion(op - OP_1 + 1),
        _ => return None,
    };
    Some((version, &script[2..]))
}

/// The destination of a witness program, as `Solver` classifies it.
fn witness_destination(version: WitnessVersion, program: &[u8]) -> Option<Destination> {
    match (version.0, program.len()) {
        (0, 20) => Some(Destination::WitnessV0KeyHash(program.try_into().ok()?)),
        (0, 32) => Some(Destination::WitnessV0ScriptHash(program.try_into().ok()?)),
        (1, 32) => Some(Destination::WitnessV1Taproot(program.try_into().ok()?)),
        (1, _) if program == ANCHOR_PROGRAM => Some(Destination::PayToAnchor),
        // Core: TxoutType::NONSTANDARD.
        (0, _) => None,
        _ => Some(Destination::WitnessUnknown {
            version,
            program: program.to_vec(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_round_trip() {
        let destinations = [
            Destination::PubKeyHash([1; 20]),
            Destination::ScriptHash([2; 20]),
            Destination::WitnessV0KeyHash([3; 20]),
            Destination::WitnessV0ScriptHash([4; 32]),
            Destination::WitnessV1Taproot([5; 32]),
            Destination::PayToAnchor,
            Destination::WitnessUnknown {
                version: WitnessVersion(16),
                program: vec![6; 2],
            },
            Destination::WitnessUnknown {
                version: WitnessVersion(2),
                program: vec![7; 40],
            },
        ];
        for destination in destinations {
            let script = destination.script_pubkey();
            assert_eq!(Destination::from_script_pubkey(&script), Some(destination));
        }
    }

    #[test]
    fn known_scripts() {
        assert_eq!(
            Destination::PayToAnchor.script_pubkey(),
            [0x51, 0x02, 0x4e, 0x73]
        );
        let p2pkh = Destination::PubKeyHash([0xab; 20]).script_pubkey();
        assert_eq!(&p2pkh[..3], &[0x76, 0xa9, 0x14]);
        assert_eq!(&p2pkh[23..], &[0x88, 0xac]);
        let long = Destination::WitnessUnknown {
            version: WitnessVersion(0),
            program: vec![0; 80],
        };
        assert_eq!(&long.script_pubkey()[..3], &[0x00, 0x4c, 80]);
    }

    #[test]
    fn non_addresses_are_none() {
        // P2PK (33-byte key), OP_RETURN, a 21-byte v0 program, a 41-byte v1 program.
        let mut p2pk = vec![33, 2];
        p2pk.extend_from_slice(&[0x11; 32]);
        p2pk.push(OP_CHECKSIG);
        assert_eq!(Destination::from_script_pubkey(&p2pk), None);
        assert_eq!(Destination::from_script_pubkey(&[0x6a, 1, 0]), None);
        let mut v0 = vec![0, 21];
        v0.extend_from_slice(&[0; 21]);
        assert_eq!(Destination::from_script_pubkey(&v0), None);
        let mut v1 = vec![0x51, 41];
        v1.extend_from_slice(&[0; 41]);
        assert_eq!(Destination::from_script_pubkey(&v1), None);
        assert_eq!(Destination::from_script_pubkey(&[]), None);
        assert_eq!(WitnessVersion::new(17), None);
    }
}
