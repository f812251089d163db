//! Standard base64 (RFC 4648 §4, `+/`, `=` padding), the encoding of byte fields in plugin JSON.

use std::fmt;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Marks bytes that are not in the alphabet.
const INVALID: u8 = 0xff;

const DECODE: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// The length of the encoding of `len` bytes, padding included.
pub const fn encoded_len(len: usize) -> usize {
    (len + 2) / 3 * 4
}

/// Appends the encoding of `input` to `out`.
pub fn encode_into(input: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + encoded_len(input.len()), b'=');
    let dst = &mut out[start..];
    let mut groups = dst.chunks_exact_mut(4);
    let mut chunks = input.chunks_exact(3);
    for (c, d) in (&mut chunks).zip(&mut groups) {
        let n = (c[0] as u32) << 16 | (c[1] as u32) << 8 | c[2] as u32;
        d[0] = ALPHABET[(n >> 18) as usize & 63];
        d[1] = ALPHABET[(n >> 12) as usize & 63];
        d[2] = ALPHABET[(n >> 6) as usize & 63];
        d[3] = ALPHABET[n as usize & 63];
    }
    let rest = chunks.remainder();
    if let Some(d) = groups.next() {
        // One or two bytes left; the padding is already in place.
        let n = (rest[0] as u32) << 16 | (*rest.get(1).unwrap_or(&0) as u32) << 8;
        d[0] = ALPHABET[(n >> 18) as usize & 63];
        d[1] = ALPHABET[(n >> 12) as usize & 63];
        if rest.len() == 2 {
            d[2] = ALPHABET[(n >> 6) as usize & 63];
        }
    }
}

/// The encoding of `input`.
pub fn encode(input: &[u8]) -> String {
    let mut out = Vec::with_capacity(encoded_len(input.len()));
    encode_into(input, &mut out);
    // The alphabet is ASCII.
    String::from_utf8(out).expect("base64 is ASCII")
}

/// Why [`decode`] refused its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// The byte at this offset is not in the alphabet, or is padding in the wrong place.
    InvalidByte(usize),
    /// The input ends inside a group (its length without padding leaves 1 character over).
    InvalidLength(usize),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidByte(at) => write!(f, "invalid base64 byte at offset {}", at),
            DecodeError::InvalidLength(len) => write!(f, "invalid base64 length ({})", len),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Decodes standard base64. Padding is optional; whitespace and the URL-safe alphabet are not
/// accepted.
pub fn decode(input: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 2);
    decode_into(input, &mut out)?;
    Ok(out)
}

/// Appends the decoding of `input` to `out`; on error `out` may hold part of the output.
pub fn decode_into(input: &[u8], out: &mut Vec<u8>) -> Result<(), DecodeError> {
    let mut body = input;
    if let [rest @ .., b'=', b'='] | [rest @ .., b'='] = body {
        if input.len() % 4 != 0 {
            return Err(DecodeError::InvalidLength(input.len()));
        }
        body = rest;
    }
    if body.len() % 4 == 1 {
        return Err(DecodeError::InvalidLength(input.len()));
    }
    let sextet = |at: usize| -> Result<u32, DecodeError> {
        match DECODE[body[at] as usize] {
            INVALID => Err(DecodeError::InvalidByte(at)),
            v => Ok(v as u32),
        }
    };
    let full = body.len() / 4 * 4;
    let mut i = 0;
    while i < full {
        let n = sextet(i)? << 18 | sextet(i + 1)? << 12 | sextet(i + 2)? << 6 | sextet(i + 3)?;
        out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
        i += 4;
    }
    match body.len() - full {
        2 => {
            let n = sextet(i)? << 18 | sextet(i + 1)? << 12;
            out.push((n >> 16) as u8);
        }
        3 => {
            let n = sextet(i)? << 18 | sextet(i + 1)? << 12 | sextet(i + 2)? << 6;
            out.extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8]);
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4648 §10.
    const VECTORS: [(&str, &str); 7] = [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ];

    #[test]
    fn encodes_the_rfc_vectors() {
        for (plain, encoded) in VECTORS {
            assert_eq!(encode(plain.as_bytes()), encoded);
            assert_eq!(encoded_len(plain.len()), encoded.len());
        }
    }

    #[test]
    fn decodes_the_rfc_vectors_with_and_without_padding() {
        for (plain, encoded) in VECTORS {
            assert_eq!(decode(encoded.as_bytes()).unwrap(), plain.as_bytes());
            let unpadded = encoded.trim_end_matches('=');
            assert_eq!(decode(unpadded.as_bytes()).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn round_trips_every_byte_value_at_every_length_mod_3() {
        let bytes: Vec<u8> = (0..=255).collect();
        for len in 250..=256 {
            assert_eq!(decode(encode(&bytes[..len]).as_bytes()).unwrap(), &bytes[..len]);
        }
    }

    #[test]
    fn refuses_what_is_not_standard_base64() {
        assert_eq!(decode(b"Zm9v!A=="), Err(DecodeError::InvalidByte(4)));
        assert_eq!(decode(b"Zm9v-_"), Err(DecodeError::InvalidByte(4)));
        assert_eq!(decode(b"Z"), Err(DecodeError::InvalidLength(1)));
        assert_eq!(decode(b"Zg="), Err(DecodeError::InvalidLength(3)));
        assert_eq!(decode(b"Z=g="), Err(DecodeError::InvalidByte(1)));
        assert_eq!(decode(b"Zm 9vA=="), Err(DecodeError::InvalidByte(2)));
    }
}
