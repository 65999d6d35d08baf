//! The tool's hashes, in one place. SHA-256, written as lower-case hex, for anything
//! kept on disk or compared between runs (fingerprints, the manifest, name sets): it is
//! the same on every machine and in every release. FNV-1a only for ids inside a PDF
//! (font subset tags, the document id), which need to be the same for the same input
//! and nothing more.

use sha2::{Digest, Sha256};

const LOWER: &[u8; 16] = b"0123456789abcdef";
pub(crate) const UPPER: &[u8; 16] = b"0123456789ABCDEF";

/// Two hexadecimal digits per byte, from `digits` (PDF writes upper case).
pub(crate) fn push_hex(out: &mut Vec<u8>, bytes: &[u8], digits: &[u8; 16]) {
    for &b in bytes {
        out.extend_from_slice(&[digits[(b >> 4) as usize], digits[(b & 15) as usize]]);
    }
}

/// `bytes` as lower-case hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes, LOWER);
    String::from_utf8(out).expect("hex digits are ASCII")
}

/// SHA-256 of `bytes`, in hex (64 digits).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of several parts, each ended by its length so that moving bytes from one
/// part to the next changes the hash.
pub(crate) fn sha256_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
        h.update((p.len() as u64).to_le_bytes());
    }
    hex(&h.finalize())
}

/// The first 64 bits of SHA-256: a compact, stable key for sets of names.
pub(crate) fn sha256_u64(bytes: &[u8]) -> u64 {
    let d = Sha256::digest(bytes);
    u64::from_be_bytes(d[..8].try_into().expect("SHA-256 has 32 bytes"))
}

/// FNV-1a from `seed` over `bytes`.
pub(crate) fn fnv1a(seed: u64, bytes: impl IntoIterator<Item = u8>) -> u64 {
    bytes
        .into_iter()
        .fold(seed, |h, b| (h ^ b as u64).wrapping_mul(0x0100_0000_01b3))
}

/// FNV-1a from each of `seeds` over `parts` one after another, in a single pass: each
/// byte's multiply waits for the one before, so hashes run side by side cost about what
/// one does. The same values as [`fnv1a`] from each seed.
pub(crate) fn fnv1a_each<const N: usize>(seeds: [u64; N], parts: &[&[u8]]) -> [u64; N] {
    let mut h = seeds;
    for part in parts {
        for &b in *part {
            for v in &mut h {
                *v = (*v ^ b as u64).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    h
}

/// FNV-1a's standard starting value.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // FNV-1a 64 of "a" (from the algorithm's published test vectors).
        assert_eq!(fnv1a(FNV_OFFSET, *b"a"), 0xaf63_dc4c_8601_ec8c);
        let (one, two) = (&b"ab"[..], &b"c"[..]);
        assert_eq!(
            fnv1a_each([FNV_OFFSET, 7], &[one, two]),
            [fnv1a(FNV_OFFSET, *b"abc"), fnv1a(7, *b"abc")]
        );
        let mut v = Vec::new();
        push_hex(&mut v, &[0x0f, 0xa0], UPPER);
        assert_eq!(v, b"0FA0");
    }

    #[test]
    fn parts_are_kept_apart() {
        assert_ne!(
            sha256_parts([&b"ab"[..], b"c"]),
            sha256_parts([&b"a"[..], b"bc"])
        );
    }
}
