//! A JSON decoder for serde, made for reading requests inside Wasm.
//!
//! `serde_json` is general and careful; under a Wasm runtime on the JVM its per-byte cost
//! dominates a plugin call. This decoder does less per byte:
//!
//! - strings are scanned in one pass that also notes whether they are pure ASCII, so most
//!   strings need no separate UTF-8 check; strings without escapes are borrowed;
//! - values the target type does not name (`IgnoredAny`) are skipped by a loop that only tracks
//!   strings and bracket depth. Skipped values are not fully validated: the router sends valid
//!   JSON, and what a plugin does not read cannot mislead it.
//!
//! Everything a type does read is checked as strictly as `serde_json` checks it (escapes,
//! surrogate pairs, control characters, UTF-8, number syntax, trailing characters). Nesting is
//! limited to [`MAX_DEPTH`]. Enums are read from strings (unit variants) only.

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The deepest nesting of objects and arrays a document may have.
pub const MAX_DEPTH: u32 = 128;

/// Decodes `T` from JSON bytes, borrowing strings from `input` where `T` allows.
pub fn from_slice<'de, T: de::Deserialize<'de>>(input: &'de [u8]) -> Result<T> {
    let mut decoder = Decoder {
        input,
        pos: 0,
        depth: 0,
    };
    let value = T::deserialize(&mut decoder).map_err(|e| e.at(decoder.pos))?;
    decoder.skip_ws();
    if decoder.pos != input.len() {
        return Err(Error::new("trailing characters").at(decoder.pos));
    }
    Ok(value)
}

/// Decodes `T` from JSON text.
pub fn from_str<'de, T: de::Deserialize<'de>>(input: &'de str) -> Result<T> {
    from_slice(input.as_bytes())
}

/// Why a document did not decode, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: String,
    offset: Option<usize>,
}

impl Error {
    #[cold]
    #[inline(never)]
    fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            offset: None,
        }
    }

    fn at(mut self, offset: usize) -> Error {
        self.offset.get_or_insert(offset);
        self
    }

    /// The byte offset in the input where decoding stopped.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(offset) => write!(f, "{} at byte {}", self.message, offset),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    #[inline]
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::from_display(&msg)
    }
}

impl Error {
    /// Out of line, so that serde's many error sites in derived code stay one call each.
    #[cold]
    #[inline(never)]
    fn from_display(msg: &dyn fmt::Display) -> Error {
        Error::new(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, Error>;

/// The index of the first byte at or after `i` that is not plain ASCII string content: `"`,
/// `\\`, a control character, a byte >= 0x80, or the end of `input`.
///
/// Four bytes at a time: one 32-bit load per word instead of one load per byte, which is what
/// a Wasm runtime on the JVM pays for most.
#[inline]
fn plain_run(input: &[u8], mut i: usize) -> usize {
    const ONES: u32 = 0x0101_0101;
    const HIGHS: u32 = 0x8080_8080;
    while let Some(word) = input.get(i..i + 4) {
        let x = u32::from_le_bytes([word[0], word[1], word[2], word[3]]);
        let quote = x ^ (b'"' as u32 * ONES);
        let backslash = x ^ (b'\\' as u32 * ONES);
        // A byte is zero in `v` exactly when `(v - ONES) & !v & HIGHS` has its high bit.
        let special = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | x.wrapping_sub(0x20 * ONES)
            | x;
        if special & HIGHS != 0 {
            break;
        }
        i += 4;
    }
    while let Some(&b) = input.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 || b >= 0x80 {
            break;
        }
        i += 1;
    }
    i
}

enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

struct Decoder<'de> {
    input: &'de [u8],
    pos: usize,
    depth: u32,
}

impl<'de> Decoder<'de> {
    #[inline(never)]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.input.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline]
    fn peek(&mut self) -> Result<u8> {
        match self.input.get(self.pos) {
            Some(b' ' | b'\n' | b'\r' | b'\t') => {}
            Some(&b) => return Ok(b),
            None => return Err(Error::new("unexpected end of input")),
        }
        self.skip_ws();
        match self.input.get(self.pos) {
            Some(&b) => Ok(b),
            None => Err(Error::new("unexpected end of input")),
        }
    }

    #[inline]
    fn expect(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.input.get(self.pos) == Some(&byte) {
            self.pos += 1;
            return Ok(());
        }
        self.expect_after_ws(byte, what)
    }

    #[inline(never)]
    fn expect_after_ws(&mut self, byte: u8, what: &str) -> Result<()> {
        if self.peek()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(Error::new(format!("expected {}", what)))
        }
    }

    #[inline(never)]
    fn literal(&mut self, word: &[u8]) -> Result<()> {
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Error::new("invalid literal"))
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::new(format!("nesting deeper than {}", MAX_DEPTH)));
        }
        Ok(())
    }

    /// Reads a string; the opening quote is at `pos`.
    #[inline(never)]
    fn string(&mut self) -> Result<Text<'de>> {
        let input = self.input;
        let start = self.pos + 1;
        let mut i = plain_run(input, start);
        let mut ascii = true;
        loop {
            match input.get(i) {
                Some(b'"') => break,
                Some(b'\\') => return self.escaped_string(start, i).map(Text::Owned),
                Some(0..=0x1f) => return Err(Error::new("control character in string").at(i)),
                Some(_) => {
                    // A byte >= 0x80: the string is checked as UTF-8 below.
                    ascii = false;
                    i = plain_run(input, i + 1);
                }
                None => return Err(Error::new("unterminated string").at(i)),
            }
        }
        let raw = &input[start..i];
        self.pos = i + 1;
        if ascii {
            // SAFETY: `plain_run` passed only bytes below 0x80, and ASCII is valid UTF-8.
            Ok(Text::Borrowed(unsafe { std::str::from_utf8_unchecked(raw) }))
        } else {
            std::str::from_utf8(raw)
                .map(Text::Borrowed)
                .map_err(|_| Error::new("invalid UTF-8 in string").at(start))
        }
    }

    /// Reads the rest of a string with escapes: `input[start..at]` is the plain part before the
    /// first backslash.
    #[cold]
    #[inline(never)]
    fn escaped_string(&mut self, start: usize, at: usize) -> Result<String> {
        let input = self.input;
        let mut out = input[start..at].to_vec();
        let mut i = at;
        loop {
            let b = match input.get(i) {
                Some(&b) => b,
                None => return Err(Error::new("unterminated string").at(i)),
            };
            match b {
                b'"' => break,
                b'\\' => {
                    let e = *input.get(i + 1).ok_or_else(|| Error::new("unterminated string"))?;
                    i += 2;
                    match e {
                        b'"' | b'\\' | b'/' => out.push(e),
                        b'b' => out.push(0x08),
                        b'f' => out.push(0x0c),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let c = self.unicode_escape(&mut i)?;
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(Error::new("invalid escape").at(i - 1)),
                    }
                }
                0..=0x1f => return Err(Error::new("control character in string").at(i)),
                _ => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        self.pos = i + 1;
        String::from_utf8(out).map_err(|_| Error::new("invalid UTF-8 in string").at(start))
    }

    /// Reads the hex digits of `\uXXXX` (and of a following low surrogate) at `*i`.
    fn unicode_escape(&self, i: &mut usize) -> Result<char> {
        let first = self.hex4(*i)?;
        *i += 4;
        let code = match first {
            0xd800..=0xdbff => {
                if self.input.get(*i..*i + 2) != Some(b"\\u") {
                    return Err(Error::new("lone surrogate in \\u escape").at(*i));
                }
                let second = self.hex4(*i + 2)?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err(Error::new("lone surrogate in \\u escape").at(*i));
                }
                *i += 6;
                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
            }
            0xdc00..=0xdfff => return Err(Error::new("lone surrogate in \\u escape").at(*i)),
            c => c,
        };
        char::from_u32(code).ok_or_else(|| Error::new("invalid \\u escape").at(*i))
    }

    fn hex4(&self, at: usize) -> Result<u32> {
        let digits = self
            .input
            .get(at..at + 4)
            .ok_or_else(|| Error::new("unterminated \\u escape").at(at))?;
        let mut n = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(Error::new("invalid \\u escape").at(at)),
            };
            n = n << 4 | v as u32;
        }
        Ok(n)
    }

    /// Reads a number; its first byte (`-` or a digit) is at `pos`.
    #[inline(never)]
    fn number(&mut self) -> Result<Number> {
        let input = self.input;
        let start = self.pos;
        let mut i = start;
        let negative = input[i] == b'-';
        if negative {
            i += 1;
        }
        let digits_start = i;
        let mut value: u64 = 0;
        let mut overflow = false;
        while let Some(&d @ b'0'..=b'9') = input.get(i) {
            // Below this bound `value * 10 + 9` fits; checked_mul would cost a 128-bit multiply.
            if value < (u64::MAX - 9) / 10 {
                value = value * 10 + (d - b'0') as u64;
            } else {
                match value.checked_mul(10).and_then(|v| v.checked_add((d - b'0') as u64)) {
                    Some(v) => value = v,
                    None => overflow = true,
                }
            }
            i += 1;
        }
        let digits = i - digits_start;
        if digits == 0 || (digits > 1 && input[digits_start] == b'0') {
            return Err(Error::new("invalid number").at(start));
        }
        let is_float = matches!(input.get(i), Some(b'.' | b'e' | b'E'));
        if !is_float && !overflow {
            self.pos = i;
            return if !negative {
                Ok(Number::U64(value))
            } else if value <= i64::MAX as u64 + 1 {
                Ok(Number::I64((value as i64).wrapping_neg()))
            } else {
                Ok(Number::F64(-(value as f64)))
            };
        }
        self.float(start, i)
    }

    /// The fraction and exponent of a number, and numbers too big for 64 bits: `input[start..i]`
    /// is read so far.
    #[cold]
    #[inline(never)]
    fn float(&mut self, start: usize, mut i: usize) -> Result<Number> {
        let input = self.input;
        if input.get(i) == Some(&b'.') {
            i += 1;
            let fraction = i;
            while let Some(b'0'..=b'9') = input.get(i) {
                i += 1;
            }
            if i == fraction {
                return Err(Error::new("invalid number").at(start));
            }
        }
        if let Some(b'e' | b'E') = input.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = input.get(i) {
                i += 1;
            }
            let exponent = i;
            while let Some(b'0'..=b'9') = input.get(i) {
                i += 1;
            }
            if i == exponent {
                return Err(Error::new("invalid number").at(start));
            }
        }
        self.pos = i;
        // SAFETY: the slice holds only ASCII digits, signs, '.', 'e' and 'E'.
        let text = unsafe { std::str::from_utf8_unchecked(&input[start..i]) };
        text.parse::<f64>()
            .map(Number::F64)
            .map_err(|_| Error::new("invalid number").at(start))
    }

    /// Skips one value of any kind without building it.
    #[inline(never)]
    fn skip_value(&mut self) -> Result<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => self.skip_nested(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number().map(|_| ()),
            _ => Err(Error::new("expected a value")),
        }
    }

    fn skip_string(&mut self) -> Result<()> {
        let input = self.input;
        let mut i = self.pos + 1;
        loop {
            i = plain_run(input, i);
            match input.get(i) {
                Some(b'"') => break,
                Some(b'\\') => i += 2,
                Some(_) => i += 1,
                None => return Err(Error::new("unterminated string")),
            }
        }
        self.pos = i + 1;
        Ok(())
    }

    /// Skips an object or array by tracking strings and bracket depth only.
    #[inline(never)]
    fn skip_nested(&mut self) -> Result<()> {
        let input = self.input;
        let mut depth = 0u32;
        let mut i = self.pos;
        loop {
            match input.get(i) {
                Some(b'"') => {
                    self.pos = i;
                    self.skip_string()?;
                    i = self.pos;
                    continue;
                }
                Some(b'{' | b'[') => {
                    depth += 1;
                    if self.depth + depth > MAX_DEPTH {
                        return Err(Error::new(format!("nesting deeper than {}", MAX_DEPTH)).at(i));
                    }
                }
                Some(b'}' | b']') => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos = i + 1;
                        return Ok(());
                    }
                }
                Some(_) => {}
                None => return Err(Error::new("unterminated object or array").at(i)),
            }
            i += 1;
        }
    }

    fn visit_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => match self.number()? {
                Number::U64(n) => visitor.visit_u64(n),
                Number::I64(n) => visitor.visit_i64(n),
                Number::F64(n) => visitor.visit_f64(n),
            },
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    /// The error for a value of the wrong kind, naming what was found.
    #[cold]
    #[inline(never)]
    fn invalid_type<V: Visitor<'de>>(&mut self, visitor: &V) -> Error {
        let found = match self.peek() {
            Ok(b'"') => de::Unexpected::Other("a string"),
            Ok(b'{') => de::Unexpected::Map,
            Ok(b'[') => de::Unexpected::Seq,
            Ok(b't' | b'f') => de::Unexpected::Other("a boolean"),
            Ok(b'n') => de::Unexpected::Unit,
            Ok(b'-' | b'0'..=b'9') => de::Unexpected::Other("a number"),
            _ => de::Unexpected::Other("no value"),
        };
        <Error as de::Error>::invalid_type(found, visitor)
    }
}

impl<'de, 'a> Deserializer<'de> for &'a mut Decoder<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b'"' => self.deserialize_str(visitor),
            b'{' => self.deserialize_map(visitor),
            b'[' => self.deserialize_seq(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            b'n' => self.deserialize_unit(visitor),
            b'-' | b'0'..=b'9' => self.visit_number(visitor),
            _ => Err(Error::new("expected a value")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_number(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? != b'"' {
            return Err(self.invalid_type(&visitor));
        }
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b'"' => match self.string()? {
                Text::Borrowed(s) => visitor.visit_borrowed_bytes(s.as_bytes()),
                Text::Owned(s) => visitor.visit_byte_buf(s.into_bytes()),
            },
            b'[' => self.deserialize_seq(visitor),
            _ => Err(self.invalid_type(&visitor)),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_unit()
        } else {
            Err(self.invalid_type(&visitor))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    // Out of line: each object or array type becomes a function of its own (see rt::respond).
    #[inline(never)]
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? != b'[' {
            return Err(self.invalid_type(&visitor));
        }
        self.pos += 1;
        self.enter()?;
        let value = visitor.visit_seq(Elements {
            de: &mut *self,
            first: true,
        })?;
        self.depth -= 1;
        self.expect(b']', "`]` after the last element the type reads")?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    // Out of line: each object or array type becomes a function of its own (see rt::respond).
    #[inline(never)]
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? != b'{' {
            return Err(self.invalid_type(&visitor));
        }
        self.pos += 1;
        self.enter()?;
        let value = visitor.visit_map(Entries {
            de: &mut *self,
            first: true,
        })?;
        self.depth -= 1;
        self.expect(b'}', "`}` after the last entry the type reads")?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if self.peek()? != b'"' {
            return Err(Error::new("expected a string naming a variant"));
        }
        match self.string()? {
            Text::Borrowed(s) => {
                visitor.visit_enum(de::value::BorrowedStrDeserializer::<Error>::new(s))
            }
            Text::Owned(s) => visitor.visit_enum(s.into_deserializer()),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

struct Elements<'a, 'de> {
    de: &'a mut Decoder<'de>,
    first: bool,
}

impl<'de, 'a> SeqAccess<'de> for Elements<'a, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let next = self.de.peek()?;
        if next == b']' {
            return Ok(None);
        }
        if !self.first {
            if next != b',' {
                return Err(Error::new("expected `,` or `]`"));
            }
            self.de.pos += 1;
        }
        self.first = false;
        seed.deserialize(&mut *self.de).map(Some)
    }
}

struct Entries<'a, 'de> {
    de: &'a mut Decoder<'de>,
    first: bool,
}

impl<'de, 'a> MapAccess<'de> for Entries<'a, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let next = self.de.peek()?;
        if next == b'}' {
            return Ok(None);
        }
        if !self.first {
            if next != b',' {
                return Err(Error::new("expected `,` or `}`"));
            }
            self.de.pos += 1;
        }
        self.first = false;
        if self.de.peek()? != b'"' {
            return Err(Error::new("expected a string key"));
        }
        let key = seed.deserialize(&mut *self.de)?;
        self.de.expect(b':', "`:`")?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.de)
    }
}
