//! What turning items into scripts needs from a project, loaded once: the templates and the
//! spoken form. [`Setup::context`] pairs it with a station for one run of scripts.

use crate::diagnostic::Diagnostic;
use crate::error::Result;
use crate::normalize::Normalizer;
use crate::project::station::StationInfo;
use crate::project::Project;

use super::{ScriptContext, Templates};

/// A project's templates and spoken form.
pub struct Setup<'p> {
    project: &'p Project,
    /// `scripts/*.tera`.
    pub templates: Templates,
    /// The project's lexicon and style.
    pub normalizer: Normalizer,
}

impl<'p> Setup<'p> {
    /// Loads the spoken form and the templates. The lexicon's problems come back whether or not
    /// the templates load, so that a caller can report both.
    pub fn load(project: &'p Project) -> (Result<Setup<'p>>, Vec<Diagnostic>) {
        let (normalizer, lexicon_problems) = project.normalizer();
        let setup = Templates::load(&project.root).map(|templates| Setup {
            project,
            templates,
            normalizer,
        });
        (setup, lexicon_problems)
    }

    /// The context for scripts read by `station`; `in_slot` renders the station-independent
    /// variant that a slot mix wraps in its own frame.
    pub fn context<'a>(&'a self, station: &'a StationInfo, in_slot: bool) -> ScriptContext<'a> {
        ScriptContext {
            root: &self.project.root,
            templates: &self.templates,
            normalizer: &self.normalizer,
            settings: &self.project.config.script,
            station,
            in_slot,
        }
    }
}
