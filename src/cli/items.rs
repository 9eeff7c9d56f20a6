//! The items a `script` or `render` run works on: the ids named, or `--all`.

use loaxa::content::{Item, Library};
use loaxa::Error;

/// A run needs ids or `--all`.
pub fn require(ids: &[String], all: bool) -> loaxa::Result<()> {
    if ids.is_empty() && !all {
        return Err(Error::Usage("name item ids or pass --all".into()));
    }
    Ok(())
}

/// Every item with `all`, else the items named, in the order named.
pub fn select<'a>(library: &'a Library, ids: &[String], all: bool) -> loaxa::Result<Vec<&'a Item>> {
    if all {
        return Ok(library.items.iter().collect());
    }
    ids.iter()
        .map(|id| {
            library
                .get(id)
                .ok_or_else(|| Error::UnknownItem { id: id.clone() })
        })
        .collect()
}
