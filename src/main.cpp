#include "ctc/app/cli.hpp"

int main(int argc, char** argv) {
  return ctc::app::runCli(argc, argv);
}
