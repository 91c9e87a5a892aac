// ControllerGate: the real GatePort — the firmware-host ControllerClient talking to the
// controller board (USB), or to the in-process board simulator for the demo and tests.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bordergate/core/result.h"
#include "bordergate/kiosk_ui/ports.h"

namespace bordergate::kiosk_adapters {

struct ControllerGateOptions {
  // The board's own limit on one opening (GATE_OPEN max open time, docs/controller-
  // protocol.md §5.3): 20 s = LaneConfig::gatePassageTimeout, so the board closes the gate by
  // itself no later than the lane would, even if this host hangs.
  std::chrono::milliseconds maxOpen{20000};
  // The controller thread services the link every slice. ControllerClient needs a poll at
  // least every kHeartbeatPeriod/2 = 50 ms (controller_client.h); 20 ms leaves margin.
  std::chrono::milliseconds pollSlice{20};
  // Simulator only: a simulated traveller walks through the exit light barrier this long
  // after each opening (2.5 s: the project estimate also used by the interim SimulatedGate).
  // nullopt: nobody walks (the lane's passage timeout closes the gate).
  std::optional<std::chrono::milliseconds> simulatedWalkThrough = std::chrono::milliseconds(2500);
};

// Threading: a controller thread owns the ControllerClient (not thread-safe) and polls it
// every pollSlice; it also re-opens a USB board that is absent or was unplugged (every 1 s).
// status() only copies a snapshot under a mutex. open()/close()/setLight() hand the command
// to that thread and wait for its answer: one USB round trip (~1-2 ms) normally, at most the
// client's retransmission bound (6 x 50 ms) when the board stops answering, and not at all
// when the board is known to be offline (they fail at once). A command the thread could not
// start within 100 ms is dropped, never executed late.
//
// Passage: the board's PASSAGE event (exit light barrier) counts only when it carries the
// gate generation of the current opening, so a late or repeated event never passes a later
// traveller. healthy/health: "board ok (...)" or "board offline (...)" / fail-safe / tamper.
class ControllerGate final : public kiosk_ui::GatePort {
 public:
  // Over the in-process board simulator (simulated link, no faults), time kept to real time.
  static std::unique_ptr<ControllerGate> simulated(ControllerGateOptions options = {});
  // Over the USB board (VID:PID of usb_transport.h). Never fails: an absent board is
  // "board offline" and retried every second.
  static std::unique_ptr<ControllerGate> usb(ControllerGateOptions options = {});
  ~ControllerGate() override;
  ControllerGate(const ControllerGate&) = delete;
  ControllerGate& operator=(const ControllerGate&) = delete;

  Result<void> open() override;
  Result<void> close() override;
  Result<void> setLight(kiosk_ui::GateLight light) override;
  kiosk_ui::GateStatus status(kiosk_ui::MonoTime now) override;

  // Simulator only (no effect on USB): pulls or re-plugs the simulated cable.
  void simulateUnplugged(bool unplugged);

 private:
  struct State;
  explicit ControllerGate(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

}  // namespace bordergate::kiosk_adapters
