//! The values of the enumerated flags, and the library types they stand for. The library knows
//! nothing of clap; each enum here names the same values with the same help.

use clap::ValueEnum;

use loaxa::audio::encode::Format;
use loaxa::normalize::Dialect;
use loaxa::render::Missing;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PCM WAV, 16-bit.
    Wav,
    /// MPEG-1 Layer III, constant bit rate.
    Mp3,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Wav => Format::Wav,
            FormatArg::Mp3 => Format::Mp3,
        }
    }
}

/// `--missing`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MissingArg {
    /// Stop and list every missing clip with the text to record.
    Fail,
    /// A soft tone and silence of the line's estimated length, flagged in the report.
    Placeholder,
    /// espeak-ng's Vietnamese voice, labelled as a draft.
    DraftVoice,
}

impl From<MissingArg> for Missing {
    fn from(m: MissingArg) -> Missing {
        match m {
            MissingArg::Fail => Missing::Fail,
            MissingArg::Placeholder => Missing::Placeholder,
            MissingArg::DraftVoice => Missing::DraftVoice,
        }
    }
}

/// `--dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    /// Northern: nghìn, linh.
    Bac,
    /// Southern: ngàn, lẻ.
    Nam,
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Dialect {
        match d {
            DialectArg::Bac => Dialect::Bac,
            DialectArg::Nam => Dialect::Nam,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_value_maps_to_the_library_type_of_the_same_name() {
        let formats = FormatArg::value_variants().iter().map(|v| (*v).into());
        assert_eq!(formats.collect::<Vec<Format>>(), [Format::Wav, Format::Mp3]);
        let missing = MissingArg::value_variants().iter().map(|v| (*v).into());
        assert_eq!(
            missing.collect::<Vec<Missing>>(),
            [Missing::Fail, Missing::Placeholder, Missing::DraftVoice]
        );
        let dialects = DialectArg::value_variants().iter().map(|v| (*v).into());
        assert_eq!(
            dialects.collect::<Vec<Dialect>>(),
            [Dialect::Bac, Dialect::Nam]
        );
        let names = |vs: Vec<Option<clap::builder::PossibleValue>>| {
            vs.into_iter()
                .map(|v| v.unwrap().get_name().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(
                MissingArg::value_variants()
                    .iter()
                    .map(|v| v.to_possible_value())
                    .collect()
            ),
            ["fail", "placeholder", "draft-voice"]
        );
    }
}
