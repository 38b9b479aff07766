//! Reading the values of Bitcoin Core's JSON test data as Core's harnesses do:
//! hex strings (`TryParseHex`), amounts in BTC (`AmountFromValue`), and the
//! marker that tells a vector canon could not read from one it got wrong.

use serde_json::Value;
use std::fmt;

/// The prefix of every failure that means "canon could not read this case",
/// as opposed to "canon read it and disagreed". Tests count these apart.
pub const CANNOT_PARSE: &str = "cannot parse: ";

/// The satoshis in one bitcoin. Core: `COIN`.
const COIN: i64 = 100_000_000;
/// No amount exceeds 21 million bitcoin. Core: `MAX_MONEY`.
const MAX_MONEY: i64 = 21_000_000 * COIN;
/// The largest mantissa `ParseFixedPoint` keeps: 18 decimal digits.
const UPPER_BOUND: i64 = 1_000_000_000_000_000_000 - 1;

/// A failure text for a case that could not be read.
pub fn cannot_parse(why: impl fmt::Display) -> String {
    format!("{CANNOT_PARSE}{why}")
}

/// A JSON value as one line, for failure messages.
pub fn one_line(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "<unprintable>".into())
}

/// Hex to bytes, skipping whitespace between (never inside) byte pairs;
/// `None` for any other character or an odd digit. Core: `TryParseHex`.
pub fn parse_hex(text: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(text.len() / 2);
    let mut chars = text.bytes();
    while let Some(first) = chars.next() {
        if matches!(first, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            continue;
        }
        let high = hex_digit(first)?;
        let low = hex_digit(chars.next()?)?;
        bytes.push(high << 4 | low);
    }
    Some(bytes)
}

/// The value of one hex digit of either case. Core: `HexDigit`.
fn hex_digit(c: u8) -> Option<u8> {
    char::from(c).to_digit(16).map(|d| d as u8)
}

/// The string at `row[index]`, or why not.
pub fn str_at(row: &[Value], index: usize, what: &str) -> Result<String, String> {
    row.get(index)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| format!("{what} (element {index}) is not a string"))
}

/// The integer at `row[index]` if it fits `T`, or why not (Core:
/// `UniValue::getInt<T>`, which rejects fractions and out-of-range values).
pub fn int_at<T: TryFrom<i64>>(row: &[Value], index: usize, what: &str) -> Result<T, String> {
    row.get(index)
        .and_then(Value::as_i64)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| format!("{what} (element {index}) is not an integer in range"))
}

/// An amount in BTC, as a JSON number or string, in satoshis.
/// Core: `AmountFromValue` (src/rpc/util.cpp) with 8 decimals.
///
/// The number's decimal text is read as a fixed-point number, never through
/// floating-point arithmetic. serde_json keeps a non-integer JSON number as
/// the `f64` nearest to its text and prints it as the shortest decimal that
/// reads back to that `f64`; for every amount with at most 8 decimals below
/// `MAX_MONEY` that is the amount itself (the `f64` spacing there is below
/// one satoshi), so the conversion is exact.
///
/// # Errors
/// A value that is neither number nor string, text `ParseFixedPoint`
/// rejects (`Invalid amount`), or an amount outside `0..=MAX_MONEY`
/// (`Amount out of range`).
pub fn amount_from_json(value: &Value) -> Result<i64, String> {
    let text = match value {
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        _ => {
            return Err(format!(
                "amount {} is not a number or string",
                one_line(value)
            ))
        }
    };
    let amount = parse_fixed_point(&text, 8).ok_or_else(|| format!("invalid amount {text:?}"))?;
    if !(0..=MAX_MONEY).contains(&amount) {
        return Err(format!("amount {text} out of range"));
    }
    Ok(amount)
}

/// Reads decimal text (optional `-`, digits with at most one leading zero,
/// optional fraction, optional exponent) as an integer count of
/// `10^-decimals`, or `None` if it does not fit 18 digits or has more
/// precision than `decimals`. Core: `ParseFixedPoint`.
pub fn parse_fixed_point(text: &str, decimals: i64) -> Option<i64> {
    let mut rest = text.as_bytes();
    let negative = take_byte(&mut rest, b'-');
    let mut mantissa = Mantissa::default();
    match rest.first() {
        Some(b'0') => rest = &rest[1..],
        Some(b'1'..=b'9') => {
            mantissa.push_digits(&mut rest)?;
        }
        _ => return None,
    }
    let mut point_offset = 0;
    if take_byte(&mut rest, b'.') {
        if !rest.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        point_offset = mantissa.push_digits(&mut rest)?;
    }
    let mut exponent = 0i64;
    if take_byte(&mut rest, b'e') || take_byte(&mut rest, b'E') {
        let exponent_negative = if take_byte(&mut rest, b'+') {
            false
        } else {
            take_byte(&mut rest, b'-')
        };
        if !rest.first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        while let Some(digit) = rest.first().filter(|c| c.is_ascii_digit()) {
            if exponent > UPPER_BOUND / 10 {
                return None;
            }
            exponent = exponent * 10 + i64::from(digit - b'0');
            rest = &rest[1..];
        }
        if exponent_negative {
            exponent = -exponent;
        }
    }
    if !rest.is_empty() {
        return None;
    }
    let scale = exponent - point_offset + mantissa.trailing_zeros + decimals;
    if !(0..18).contains(&scale) {
        return None;
    }
    let mut value = if negative {
        -mantissa.value
    } else {
        mantissa.value
    };
    for _ in 0..scale {
        if value.abs() > UPPER_BOUND / 10 {
            return None;
        }
        value *= 10;
    }
    (value.abs() <= UPPER_BOUND).then_some(value)
}

/// Consumes `byte` if it is next.
fn take_byte(rest: &mut &[u8], byte: u8) -> bool {
    match rest.split_first() {
        Some((first, tail)) if *first == byte => {
            *rest = tail;
            true
        }
        _ => false,
    }
}

/// The digits read so far, with trailing zeros held back until a non-zero
/// digit follows (so `1.10000000` does not overflow). Core:
/// `ProcessMantissaDigit`.
#[derive(Default)]
struct Mantissa {
    value: i64,
    trailing_zeros: i64,
}

impl Mantissa {
    /// Consumes a run of digits; returns how many, or `None` on overflow.
    fn push_digits(&mut self, rest: &mut &[u8]) -> Option<i64> {
        let mut count = 0;
        while let Some(digit) = rest.first().copied().filter(u8::is_ascii_digit) {
            if digit == b'0' {
                self.trailing_zeros += 1;
            } else {
                for _ in 0..=self.trailing_zeros {
                    if self.value > UPPER_BOUND / 10 {
                        return None;
                    }
                    self.value *= 10;
                }
                self.value += i64::from(digit - b'0');
                self.trailing_zeros = 0;
            }
            *rest = &rest[1..];
            count += 1;
        }
        Some(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_skips_whitespace_between_pairs_only() {
        assert_eq!(parse_hex("00 ff\tAb"), Some(vec![0x00, 0xff, 0xab]));
        assert_eq!(parse_hex(""), Some(vec![]));
        assert_eq!(parse_hex("0 0"), None);
        assert_eq!(parse_hex("abc"), None);
        assert_eq!(parse_hex("0g"), None);
    }

    #[test]
    fn fixed_point_matches_core() {
        let parse = |s: &str| parse_fixed_point(s, 8);
        assert_eq!(parse("0"), Some(0));
        assert_eq!(parse("1"), Some(100_000_000));
        assert_eq!(parse("0.00000001"), Some(1));
        assert_eq!(parse("1e-8"), Some(1));
        assert_eq!(parse("1E-8"), Some(1));
        assert_eq!(parse("0.29"), Some(29_000_000));
        assert_eq!(parse("20999999.9769"), Some(2_099_999_997_690_000));
        assert_eq!(parse("0.100000000000"), Some(10_000_000));
        assert_eq!(parse("-0.5"), Some(-50_000_000));
        assert_eq!(parse("1e+2"), Some(10_000_000_000));
        assert_eq!(parse("0.000000001"), None);
        assert_eq!(parse("1e-9"), None);
        assert_eq!(parse("01"), None);
        assert_eq!(parse("1."), None);
        assert_eq!(parse(".5"), None);
        assert_eq!(parse("1e"), None);
        assert_eq!(parse("+1"), None);
        assert_eq!(parse("1x"), None);
        assert_eq!(parse("10000000000"), None);
        assert_eq!(parse("9999999999.99999999"), Some(999_999_999_999_999_999));
        assert_eq!(parse(""), None);
        assert_eq!(parse("-"), None);
    }

    #[test]
    fn json_amounts_convert_without_rounding() {
        let amount = |text: &str| amount_from_json(&serde_json::from_str(text).unwrap());
        assert_eq!(amount("0.00000001"), Ok(1));
        assert_eq!(amount("0.29"), Ok(29_000_000));
        assert_eq!(amount("0.57"), Ok(57_000_000));
        assert_eq!(amount("1.15"), Ok(115_000_000));
        assert_eq!(amount("20999999.99999999"), Ok(2_099_999_999_999_999));
        assert_eq!(amount("21000000"), Ok(MAX_MONEY));
        assert_eq!(amount("1e-8"), Ok(1));
        assert_eq!(amount("\"0.1\""), Ok(10_000_000));
        assert!(amount("21000000.00000001").is_err());
        assert!(amount("-0.00000001").is_err());
        assert!(amount("0.000000001").is_err());
        assert!(amount("true").is_err());
        // Every satoshi count in a sample across the range survives the trip.
        for sats in (0..MAX_MONEY)
            .step_by(99_999_999_937)
            .chain([1, 7, 10, 99_999_999])
        {
            let text = format!("{}.{:08}", sats / COIN, sats % COIN);
            assert_eq!(amount(&text), Ok(sats), "{text}");
        }
    }
}
