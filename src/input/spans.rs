//! Where each key is in the file, so a problem found after deserializing still points
//! at its line and column.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::check::join;

/// Where each key path (as shown in problems: `goals[2].description`) sits in the file.
pub(super) struct SpanIndex(HashMap<String, Range<usize>>);

impl SpanIndex {
    pub(super) fn new(root: &DeTable<'_>) -> Self {
        let mut map = HashMap::new();
        fn walk(t: &DeTable<'_>, prefix: &str, map: &mut HashMap<String, Range<usize>>) {
            for (k, v) in t.iter() {
                let path = join(prefix, k.get_ref());
                // Point at the value: that is what the user has to change.
                map.insert(path.clone(), v.span());
                map.entry(format!("{path}#key")).or_insert(k.span());
                match v.get_ref() {
                    DeValue::Table(t) => walk(t, &path, map),
                    DeValue::Array(items) => {
                        for (i, item) in items.iter().enumerate() {
                            let p = format!("{path}[{}]", i + 1);
                            map.insert(p.clone(), item.span());
                            if let DeValue::Table(t) = item.get_ref() {
                                walk(t, &p, map);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        walk(root, "", &mut map);
        SpanIndex(map)
    }

    /// The key's own span, or the nearest enclosing key's, for a missing key.
    pub(super) fn find(&self, key: &str) -> Option<Range<usize>> {
        let mut k = key;
        loop {
            if let Some(s) = self.0.get(k) {
                // For a table, point at its header key rather than the whole table.
                return self
                    .0
                    .get(&format!("{k}#key"))
                    .filter(|_| k != key)
                    .or(Some(s))
                    .cloned();
            }
            k = match k.rfind(['.', '[']) {
                Some(i) => &k[..i],
                None => return None,
            };
        }
    }
}
