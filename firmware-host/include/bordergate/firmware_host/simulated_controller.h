// SimulatedController: the whole hardware-free controller stack in one object — manual
// clock, board simulator, fault-injecting link and the host client — wired in the right
// order. What the demo, the CLI's --sim and UI tests use instead of a USB board.
#pragma once

#include <cstdint>

#include "bordergate/firmware_host/board_simulator.h"
#include "bordergate/firmware_host/controller_client.h"
#include "bordergate/firmware_host/simulated_link.h"

namespace bordergate::firmware_host {

// Time is simulated: it advances only while the client waits (commands, poll()). A UI that
// calls client.poll(frameTime) once per rendered frame keeps simulated time close to real
// time. Not thread-safe (like its parts). Not copyable or movable: the parts reference
// each other.
struct SimulatedController {
  explicit SimulatedController(std::uint64_t faultSeed = 1, BoardConfig config = {})
      : board(config, clock.now()), link(board, clock, faultSeed), client(link, clock) {}
  SimulatedController(const SimulatedController&) = delete;
  SimulatedController& operator=(const SimulatedController&) = delete;

  ManualClock clock;
  BoardSimulator board;
  SimulatedLink link;
  ControllerClient client;
};

}  // namespace bordergate::firmware_host
