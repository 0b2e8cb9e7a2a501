//! `dtao yuma …`: run epoch scenario files and check them against their expected values.
//!
//! - `dtao yuma run FILE [--context]` prints one compact JSON object per epoch step, with
//!   exactly the keys of the step's `expect` block (all keys when it has none), computed by the
//!   epoch — never copied from `expect`. `--context` puts `scenario`, `step` and `block` first.
//! - `dtao yuma check FILE [--json]` prints one line per mismatch and a summary line (or, with
//!   `--json`, one summary object holding the mismatches).
//!
//! Exit codes (invariant): 0 all good, 1 at least one mismatch (`check` only), 2 malformed or
//! unreadable input, or output that could not be written; errors go to stderr as `error: …`.
//! A reader that closes the pipe early (`| head`) is not an error: the rest of the output is
//! discarded and the exit code is unchanged.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use dtao_yuma::scenario::{self, CheckReport, EpochRecord, ScenarioError};
use serde_json::{Map, Value};

/// Exit code when everything matched.
const EXIT_OK: u8 = 0;
/// Exit code when `check` found a mismatch.
const EXIT_MISMATCH: u8 = 1;
/// Exit code for malformed or unreadable input (and unwritable output).
const EXIT_INVALID: u8 = 2;

/// Arguments of `dtao yuma`.
#[derive(Debug, Args)]
pub struct YumaArgs {
    #[command(subcommand)]
    command: YumaCommand,
}

#[derive(Debug, Subcommand)]
enum YumaCommand {
    /// Run every scenario of FILE and print each epoch step's computed values as a JSON line.
    Run {
        /// Scenario file (the format of shared/vectors/yuma-vectors.json).
        file: PathBuf,
        /// Also print the "scenario", "step" and "block" of each epoch step.
        #[arg(long)]
        context: bool,
    },
    /// Run every scenario of FILE and compare each epoch step with its `expect` block.
    Check {
        /// Scenario file (the format of shared/vectors/yuma-vectors.json).
        file: PathBuf,
        /// Print one JSON summary object (with the list of mismatches) instead of text lines.
        #[arg(long)]
        json: bool,
    },
}

/// Why a command stopped early.
enum Failure {
    Input(ScenarioError),
    Output(io::Error),
}

impl From<ScenarioError> for Failure {
    fn from(error: ScenarioError) -> Self {
        Failure::Input(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Output(error)
    }
}

/// Run `dtao yuma …` and return the exit code.
pub fn run(args: YumaArgs) -> ExitCode {
    let stdout = io::stdout();
    let mut out = PipeOut {
        inner: stdout.lock(),
        closed: false,
    };
    let result = match &args.command {
        YumaCommand::Run { file, context } => run_file(file, *context, &mut out),
        YumaCommand::Check { file, json } => check_file(file, *json, &mut out),
    };
    let result = result.and_then(|code| out.flush().map(|()| code).map_err(Failure::from));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure::Input(error)) => fail(&error.to_string()),
        Err(Failure::Output(error)) => fail(&format!("cannot write output: {error}")),
    }
}

/// A writer that silently discards output once the reader has gone (`dtao … | head`), so a
/// closed pipe neither prints an error nor changes the exit code.
struct PipeOut<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> PipeOut<W> {
    fn absorb_closed_pipe(&mut self, result: io::Result<usize>, len: usize) -> io::Result<usize> {
        match result {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(len)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for PipeOut<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = self.inner.write(buf);
        self.absorb_closed_pipe(result, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush().map(|()| 0);
        self.absorb_closed_pipe(result, 0).map(|_| ())
    }
}

fn fail(message: &str) -> ExitCode {
    // Nothing more can be done if stderr itself is closed.
    let _ = writeln!(io::stderr(), "error: {message}");
    ExitCode::from(EXIT_INVALID)
}

fn run_file(file: &Path, context: bool, out: &mut impl Write) -> Result<u8, Failure> {
    let scenarios = scenario::load_scenarios(file)?;
    // Validate every scenario before printing anything, so bad input never yields partial output.
    let mut all = Vec::with_capacity(scenarios.len());
    for s in &scenarios {
        all.push(scenario::run_scenario(s)?);
    }
    for record in all.iter().flatten() {
        writeln!(out, "{}", json_line(record, context))?;
    }
    Ok(EXIT_OK)
}

fn check_file(file: &Path, json: bool, out: &mut impl Write) -> Result<u8, Failure> {
    let scenarios = scenario::load_scenarios(file)?;
    let report = scenario::check_scenarios(&scenarios)?;
    if json {
        writeln!(out, "{}", report.to_json())?;
    } else {
        for mismatch in &report.mismatches {
            writeln!(out, "{mismatch}")?;
        }
        writeln!(out, "{}", summary(&report))?;
    }
    Ok(if report.passed() {
        EXIT_OK
    } else {
        EXIT_MISMATCH
    })
}

fn summary(report: &CheckReport) -> String {
    format!(
        "yuma check: {} epochs checked, {} mismatches",
        report.epochs_checked,
        report.mismatches.len()
    )
}

/// One compact JSON object: the context keys first (when asked), then the computed values.
fn json_line(record: &EpochRecord, context: bool) -> String {
    let mut entries: Vec<(String, Value)> = Vec::new();
    if context {
        entries.push(("scenario".to_owned(), Value::from(record.scenario.as_str())));
        entries.push(("step".to_owned(), Value::from(record.step)));
        entries.push(("block".to_owned(), Value::from(record.block)));
    }
    let computed: Map<String, Value> = record.computed();
    entries.extend(computed);
    let body: Vec<String> = entries
        .iter()
        .map(|(key, value)| format!("{}:{value}", Value::from(key.as_str())))
        .collect();
    format!("{{{}}}", body.join(","))
}
