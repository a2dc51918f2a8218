#pragma once

namespace ctc::app {

/// Parses the command line (`serve`, `admin ...`) and runs it. Returns the process exit code.
int runCli(int argc, char** argv);

}  // namespace ctc::app
