//! CSV text through the `csv` crate: comma-separated, a field quoted only when it holds a comma,
//! a quote or a line break, each row ended by `\n`. Every CSV file loaxa writes goes through here.

/// The rows as CSV text; the first row is usually the header.
pub fn csv_text<R, F>(rows: impl IntoIterator<Item = R>) -> String
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for row in rows {
        // Writing into memory cannot fail.
        let _ = writer.write_record(row);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// One row as a CSV line, without the line break.
pub fn csv_line<F: AsRef<[u8]>>(fields: impl IntoIterator<Item = F>) -> String {
    let mut text = csv_text([fields]);
    text.pop();
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_the_fields_that_need_it() {
        for (input, want) in [
            ("a", "a"),
            ("", ""),
            ("a, b", "\"a, b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("Hà Nội; Tết", "Hà Nội; Tết"),
        ] {
            assert_eq!(csv_line([input, "x"]), format!("{want},x"), "{input:?}");
        }
    }

    #[test]
    fn reads_back_with_an_independent_reader() {
        let rows = [["id", "text"], ["a,1", "nói \"to\"\nrõ"]];
        let text = csv_text(rows);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let back: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(back, rows.map(|r| r.map(str::to_string).to_vec()));
        assert!(text.ends_with("rõ\"\n"));
    }
}
