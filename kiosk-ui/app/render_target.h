// RenderTarget: where the kiosk draws — an SDL window (with a display) or an off-screen SDL
// software renderer on a memory surface (no display: SSH, CI, tests, benchmark) — plus the
// Dear ImGui context bound to it. The only file besides main.cpp that touches SDL setup.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bordergate/core/result.h"

struct SDL_Window;
struct SDL_Renderer;
struct SDL_Surface;
union SDL_Event;

namespace bordergate::kiosk_app {

class RenderTarget {
 public:
  // A window of w x h pixels, or filling the screen when `fullscreen` (width() and height() are
  // then the screen's). Needs a display: $DISPLAY, $WAYLAND_DISPLAY, or an SDL video driver such
  // as kmsdrm. Io error when SDL cannot open one; the caller may fall back to offscreen().
  static Result<std::unique_ptr<RenderTarget>> windowed(int w, int h, const std::string& title, bool fullscreen = false);
  // An off-screen target: SDL software renderer on a w x h memory surface. Needs no display.
  static Result<std::unique_ptr<RenderTarget>> offscreen(int w, int h);
  ~RenderTarget();
  RenderTarget(const RenderTarget&) = delete;
  RenderTarget& operator=(const RenderTarget&) = delete;

  // Starts a Dear ImGui frame (call once per frame, then draw, then endFrame()).
  // `dtSeconds` is the time since the previous frame.
  void beginFrame(float dtSeconds);
  // Renders the ImGui draw data and presents it. With `screenshotTo`, also writes the frame to
  // that PNG file (read back before presenting, so it works for windows too).
  Result<void> endFrame(const std::filesystem::path* screenshotTo = nullptr);
  // The pixels last rendered, RGB, rows top to bottom (width()*height()*3 bytes). For
  // off-screen targets (tests); a window's back buffer is undefined after presenting.
  Result<std::vector<unsigned char>> readPixelsRgb();
  // Feeds one SDL event to ImGui; returns false when the user asked to quit.
  bool handleEvent(const SDL_Event& e);

  SDL_Renderer* renderer() const { return renderer_; }
  bool isWindowed() const { return window_ != nullptr; }
  int width() const { return w_; }
  int height() const { return h_; }

 private:
  RenderTarget() = default;
  Result<void> initImGui();
  Result<void> screenshot(const std::filesystem::path& png);
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  SDL_Surface* surface_ = nullptr;
  int w_ = 0, h_ = 0;
  bool imgui_ = false;
};

}  // namespace bordergate::kiosk_app
