//! The PDK's JSON decoder against serde_json: same values, same refusals.

use serde::Deserialize;
use serde_json::Value;
use signpost_pdk::json;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const PIECES: [&str; 14] = [
    "a", "host", "é", "✓", "😀", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\/", " ", "\\t",
    "0",
];

fn string(r: &mut Random) -> String {
    let mut s = String::from("\"");
    for _ in 0..r.below(6) {
        s.push_str(PIECES[r.below(PIECES.len() as u64) as usize]);
    }
    s.push('"');
    s
}

fn number(r: &mut Random) -> String {
    match r.below(6) {
        0 => r.below(100).to_string(),
        1 => format!("-{}", r.below(1 << 40)),
        2 => u64::MAX.to_string(),
        3 => i64::MIN.to_string(),
        4 => format!("{}.5", r.below(1000)),
        _ => format!("-{}e{}", r.below(10), r.below(5)),
    }
}

fn value(r: &mut Random, depth: u32) -> String {
    let ws = |r: &mut Random| if r.below(4) == 0 { " \n" } else { "" };
    match if depth > 4 { r.below(4) } else { r.below(6) } {
        0 => string(r),
        1 => number(r),
        2 => ["true", "false", "null"][r.below(3) as usize].to_owned(),
        3 => string(r),
        4 => {
            let items: Vec<String> = (0..r.below(4)).map(|_| value(r, depth + 1)).collect();
            format!("[{}{}]", ws(r), items.join(","))
        }
        _ => {
            let entries: Vec<String> = (0..r.below(4))
                .map(|_| format!("{}{}:{}{}", string(r), ws(r), ws(r), value(r, depth + 1)))
                .collect();
            format!("{{{}{}}}", entries.join(","), ws(r))
        }
    }
}

#[test]
fn decodes_random_documents_as_serde_json_does() {
    let mut r = Random(0x5eed_1234_abcd_0001);
    for _ in 0..5000 {
        let doc = value(&mut r, 0);
        let expected: Value = serde_json::from_str(&doc).unwrap();
        let actual: Value = json::from_str(&doc).unwrap_or_else(|e| panic!("{}: {}", doc, e));
        assert_eq!(actual, expected, "{}", doc);
    }
}

#[test]
fn refuses_what_serde_json_refuses() {
    let bad = [
        "", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1 2]", "01", "-", "1.", "1e",
        ".5", "+1", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"", "\"\u{1}\"",
        "tru", "nul", "[1]]", "{} {}", "\"\\ud800\\u0041\"",
    ];
    for doc in bad {
        assert!(serde_json::from_str::<Value>(doc).is_err(), "serde_json accepts {:?}", doc);
        assert!(json::from_str::<Value>(doc).is_err(), "accepted {:?}", doc);
    }
    let invalid_utf8: &[u8] = b"\"\xff\"";
    assert!(json::from_slice::<Value>(invalid_utf8).is_err());
}

#[test]
fn skips_unread_fields_of_any_shape() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Two<'a> {
        #[serde(borrow)]
        b: &'a str,
        d: u16,
    }
    let doc = r#"{"a":{"x":[1,{"y":"}]\"{"}],"z":null},"b":"kept","c":[[[]],"]"],"d":7,"e":-1.5e3,"f":true}"#;
    assert_eq!(json::from_str::<Two>(doc).unwrap(), Two { b: "kept", d: 7 });
}

#[test]
fn numbers_out_of_a_fields_range_are_refused() {
    #[derive(Deserialize, Debug)]
    struct Port {
        #[allow(dead_code)]
        port: u16,
    }
    assert!(json::from_str::<Port>(r#"{"port":70000}"#).is_err());
    assert!(json::from_str::<Port>(r#"{"port":-1}"#).is_err());
    assert!(json::from_str::<Port>(r#"{"port":"80"}"#).is_err());
    let err = json::from_str::<Port>(r#"{"port":1.5}"#).unwrap_err();
    assert!(err.to_string().contains("at byte"), "{}", err);
}

#[test]
fn nesting_is_bounded_in_read_and_skipped_values() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(json::from_str::<Value>(&deep).is_err());
    let skipped = format!("{{\"x\":{}{}}}", "[".repeat(200), "]".repeat(200));
    #[derive(Deserialize)]
    struct Nothing {}
    assert!(json::from_str::<Nothing>(&skipped).is_err());
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(json::from_str::<Value>(&fine).is_ok());
}

#[test]
fn unit_variants_are_read_from_strings() {
    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "snake_case")]
    enum Strategy {
        RoundRobin,
        Random,
    }
    assert_eq!(json::from_str::<Strategy>("\"round_robin\"").unwrap(), Strategy::RoundRobin);
    assert_eq!(json::from_str::<Strategy>("\"rand\\u006fm\"").unwrap(), Strategy::Random);
    assert!(json::from_str::<Strategy>("\"weighted\"").is_err());
}
