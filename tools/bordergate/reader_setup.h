// The MRZ reader of the `read` and `bench vision|tracker` commands, set up one way.
#pragma once
#ifdef HAVE_BORDERGATE_VISION
#include <memory>
#include <string_view>

#include "bordergate/vision/mrz_reader.h"
#include "command.h"

namespace bordergate::cli {

// A reader of the model --model NAME (default mrz) in --tessdata DIR, else in
// $BORDERGATE_TESSDATA when set, else the shipped vision/models; the process set up as the
// kiosk runs (vision::configureProcessForReading). Null when the model cannot be loaded, after
// printing "bordergate COMMAND: why" to io.err.
std::unique_ptr<vision::MrzReader> openReader(const Options& opt, Io& io, std::string_view command);

}  // namespace bordergate::cli
#endif
