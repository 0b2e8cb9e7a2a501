//! A spinner on stderr while the CLI waits for the node (inclusion of a transaction).
//!
//! Shown only when stderr is a terminal, so scripts, pipes and `--json` consumers see nothing
//! extra; it is cleared when the wait ends, whatever the outcome.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// Run `work` with a spinner labelled `message` (when stderr is a terminal).
pub fn with_spinner<T>(message: &str, work: impl FnOnce() -> T) -> T {
    let spinner = std::io::stderr().is_terminal().then(|| start(message));
    let result = work();
    if let Some(spinner) = spinner {
        spinner.finish_and_clear();
    }
    result
}

fn start(message: &str) -> ProgressBar {
    let spinner = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        spinner.set_style(style);
    }
    spinner.set_message(message.to_string());
    spinner.enable_steady_tick(Duration::from_millis(100));
    spinner
}
