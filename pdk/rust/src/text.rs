//! [`Str`]: a string borrowed from the request when it can be, owned when it must be.

use serde::de::{Deserialize, Deserializer, Error, Visitor};
use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

/// A JSON string read without copying: it points into the request buffer unless the JSON text
/// had escapes (`\"`, `\u00e9`), in which case it owns the unescaped copy.
///
/// Use it for every string field of a request type, with `#[serde(borrow)]` on the field:
///
/// ```
/// use serde::Deserialize;
/// use signpost_pdk::Str;
///
/// #[derive(Deserialize)]
/// struct Event<'a> {
///     #[serde(borrow, default)]
///     username: Option<Str<'a>>,
/// }
/// let event: Event = serde_json::from_str(r#"{"username":"alice","uuid":"ignored"}"#).unwrap();
/// assert_eq!(event.username.as_deref(), Some("alice"));
/// ```
///
/// In a response, `Str<'static>` holds either a `&'static str` (no allocation) or a `String`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Str<'a>(Cow<'a, str>);

impl<'a> Str<'a> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text points into the request buffer (no copy was made).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }

    /// An owned copy that outlives the request, for a response or the plugin's state.
    pub fn into_owned(self) -> Str<'static> {
        Str(Cow::Owned(self.0.into_owned()))
    }
}

impl Deref for Str<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str<'_> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Str<'_> {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Str<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl<'a> From<&'a str> for Str<'a> {
    fn from(s: &'a str) -> Self {
        Str(Cow::Borrowed(s))
    }
}

impl From<String> for Str<'_> {
    fn from(s: String) -> Self {
        Str(Cow::Owned(s))
    }
}

impl<'a> From<Cow<'a, str>> for Str<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Str(s)
    }
}

impl PartialEq<str> for Str<'_> {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Str<'_> {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor;

        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Borrowed(v)))
            }

            fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(StrVisitor)
    }
}

/// A value [`text!`](crate::text) can append: strings and integers, written without
/// `core::fmt`.
///
/// `format!` goes through `core::fmt`, whose dynamic calls are slow in a Wasm runtime on the JVM
/// (each is a `call_indirect`); a few in `on_connect` can cost more than decoding the request.
pub trait TextPiece {
    /// An upper bound of the length in bytes, for the allocation.
    fn len_hint(&self) -> usize;
    /// Appends the text to `out`.
    fn push_to(&self, out: &mut String);
}

impl TextPiece for str {
    fn len_hint(&self) -> usize {
        self.len()
    }

    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl TextPiece for String {
    fn len_hint(&self) -> usize {
        self.len()
    }

    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl TextPiece for Str<'_> {
    fn len_hint(&self) -> usize {
        self.0.len()
    }

    fn push_to(&self, out: &mut String) {
        out.push_str(&self.0);
    }
}

impl TextPiece for char {
    fn len_hint(&self) -> usize {
        self.len_utf8()
    }

    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}

impl<T: TextPiece + ?Sized> TextPiece for &T {
    fn len_hint(&self) -> usize {
        (**self).len_hint()
    }

    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

impl<T: TextPiece> TextPiece for Option<T> {
    /// `None` appends nothing.
    fn len_hint(&self) -> usize {
        self.as_ref().map_or(0, |t| t.len_hint())
    }

    fn push_to(&self, out: &mut String) {
        if let Some(t) = self {
            t.push_to(out);
        }
    }
}

macro_rules! integer_pieces {
    ($($t:ty => $split:expr),*) => {$(
        impl TextPiece for $t {
            fn len_hint(&self) -> usize {
                20
            }

            fn push_to(&self, out: &mut String) {
                let (negative, magnitude): (bool, u64) = $split(*self);
                push_decimal(out, negative, magnitude);
            }
        }
    )*};
}

integer_pieces!(
    u8 => |v: u8| (false, v as u64),
    u16 => |v: u16| (false, v as u64),
    u32 => |v: u32| (false, v as u64),
    u64 => |v: u64| (false, v),
    usize => |v: usize| (false, v as u64),
    i8 => |v: i8| (v < 0, (v as i64).unsigned_abs()),
    i16 => |v: i16| (v < 0, (v as i64).unsigned_abs()),
    i32 => |v: i32| (v < 0, (v as i64).unsigned_abs()),
    i64 => |v: i64| (v < 0, v.unsigned_abs()),
    isize => |v: isize| (v < 0, (v as i64).unsigned_abs())
);

#[inline(never)]
fn push_decimal(out: &mut String, negative: bool, mut n: u64) {
    let mut digits = [0u8; 21];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if negative {
        i -= 1;
        digits[i] = b'-';
    }
    // SAFETY: ASCII digits and '-'.
    out.push_str(unsafe { std::str::from_utf8_unchecked(&digits[i..]) });
}

/// Concatenates strings ([`str`], `String`, [`Str`], `char`, `Option` of them) and integers into
/// a `String`, in one allocation and without `core::fmt`; each argument is evaluated once.
///
/// ```
/// let port: u16 = 5520;
/// let host = signpost_pdk::Str::from("10.0.0.1");
/// assert_eq!(signpost_pdk::text!("backend=", host, ':', port), "backend=10.0.0.1:5520");
/// ```
#[macro_export]
macro_rules! text {
    ($($piece:expr),* $(,)?) => {
        $crate::__text!(@bind [] $($piece,)*)
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __text {
    (@bind [$($bound:ident)*] $head:expr, $($rest:expr,)*) => {
        match &$head {
            piece => $crate::__text!(@bind [$($bound)* piece] $($rest,)*),
        }
    };
    (@bind [$($bound:ident)*]) => {{
        #[allow(unused_mut)]
        let mut out = ::std::string::String::with_capacity(
            0 $(+ $crate::TextPiece::len_hint($bound))*
        );
        $( $crate::TextPiece::push_to($bound, &mut out); )*
        out
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_joins_strings_and_integers() {
        let owned = String::from("owned");
        let none: Option<&str> = None;
        let s = crate::text!("a", owned, Str::from("b"), 'c', Some("d"), none, 0u8, -12i32, u64::MAX, i64::MIN);
        assert_eq!(s, format!("aownedbcd0-12{}{}", u64::MAX, i64::MIN));
        assert_eq!(crate::text!(), "");
    }

    #[test]
    fn text_evaluates_each_argument_once() {
        let mut calls = 0;
        let mut next = || {
            calls += 1;
            calls
        };
        assert_eq!(crate::text!(next(), ",", next()), "1,2");
    }
}
