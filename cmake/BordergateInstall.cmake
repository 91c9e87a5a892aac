# `cmake --install build [--prefix P]`: what a kiosk runs from, away from the source tree
# (docs/install.md). GNUInstallDirs layout, default prefix /usr/local:
#   P/bin/bordergate, P/bin/bordergate-kiosk
#   P/share/bordergate/{vision/models, kiosk-ui/i18n, rules/data}   the shipped data; the
#       programs find it beside themselves (bordergate/core/data_dir.h), wherever P is
#   P/share/bordergate/kiosk.env.example                              the site settings' template
#   P/share/doc/bordergate/install.md
#   P/lib/systemd/system/bordergate-{kiosk,sync,upload}.service, bordergate-{sync,upload}.timer
#   P/lib/udev/rules.d/70-bordergate.rules, P/lib/sysusers.d/bordergate.conf,
#   P/lib/tmpfiles.d/bordergate.conf
# systemd and udev read P/lib/... for P = /usr/local and /usr (systemd.unit(5), udev(7)).
include(GNUInstallDirs)

set(BORDERGATE_SYSTEM_SRC ${CMAKE_CURRENT_LIST_DIR}/../scripts/system)
set(bg_data ${CMAKE_INSTALL_DATADIR}/bordergate)

foreach(program bordergate bordergate-kiosk)
  if(TARGET ${program})
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

install(FILES ${PROJECT_SOURCE_DIR}/vision/models/mrz.traineddata ${PROJECT_SOURCE_DIR}/vision/models/mrz-motion.traineddata
        DESTINATION ${bg_data}/vision/models)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/kiosk-ui/i18n/ DESTINATION ${bg_data}/kiosk-ui/i18n FILES_MATCHING PATTERN "*.json")
# The SAMPLE list's sources (fictitious people): the demo's list until a signed one is synced.
# A kiosk with real hardware never decides on it (docs/kiosk-ui.md, "Installing a kiosk").
install(DIRECTORY ${PROJECT_SOURCE_DIR}/rules/data/ DESTINATION ${bg_data}/rules/data
        FILES_MATCHING PATTERN "*.csv" PATTERN "VERSION" PATTERN "HASH_KEY" PATTERN "README.md" PATTERN "bench" EXCLUDE)
install(FILES ${BORDERGATE_SYSTEM_SRC}/kiosk.env DESTINATION ${bg_data} RENAME kiosk.env.example)
install(FILES ${PROJECT_SOURCE_DIR}/docs/install.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The udev rule, made from the known-device table (devices/data/known_devices.csv, the one source
# of truth the device manager compiles in): every row naming a vendor id gives its USB device
# node to group bordergate. Class-only rows (cameras: group video, V4L2) need no rule.
set(bg_rules "# Made from devices/data/known_devices.csv by cmake/BordergateInstall.cmake; do not edit.\n")
string(APPEND bg_rules "# The kiosk's user (group bordergate) opens these with libusb (docs/install.md).\n")
file(READ ${PROJECT_SOURCE_DIR}/devices/data/known_devices.csv bg_csv)
string(REPLACE ";" "," bg_csv "${bg_csv}")  # a CMake list separator; only the first 5 columns are used
string(REPLACE "\n" ";" bg_rows "${bg_csv}")
foreach(row IN LISTS bg_rows)
  if(row MATCHES "^[ \t]*(#|$)")
    continue()
  endif()
  string(REPLACE "," ";" fields "${row}")
  list(LENGTH fields n)
  if(n LESS 5)
    message(FATAL_ERROR "devices/data/known_devices.csv: a row needs at least vendor,product,class,kind,name: ${row}")
  endif()
  list(GET fields 0 vid)
  list(GET fields 1 pid)
  list(GET fields 4 name)
  if(vid STREQUAL "*")
    continue()
  endif()
  set(match "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", ATTR{idVendor}==\"${vid}\"")
  if(NOT pid STREQUAL "*")
    string(APPEND match ", ATTR{idProduct}==\"${pid}\"")
  endif()
  string(APPEND bg_rules "# ${name}\n${match}, MODE=\"0660\", GROUP=\"bordergate\"\n")
endforeach()
file(WRITE ${CMAKE_BINARY_DIR}/system/70-bordergate.rules "${bg_rules}")
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/devices/data/known_devices.csv)

install(FILES ${CMAKE_BINARY_DIR}/system/70-bordergate.rules DESTINATION lib/udev/rules.d)
install(FILES ${BORDERGATE_SYSTEM_SRC}/sysusers.conf DESTINATION lib/sysusers.d RENAME bordergate.conf)
install(FILES ${BORDERGATE_SYSTEM_SRC}/tmpfiles.conf DESTINATION lib/tmpfiles.d RENAME bordergate.conf)
install(FILES ${BORDERGATE_SYSTEM_SRC}/bordergate-sync.timer ${BORDERGATE_SYSTEM_SRC}/bordergate-upload.timer
        DESTINATION lib/systemd/system)
# The services name the programs by their installed path, so they are made at install time,
# when the prefix (`--prefix`) is known, then installed by file(INSTALL) (DESTDIR, manifest).
install(CODE "
  foreach(unit bordergate-kiosk bordergate-sync bordergate-upload)
    set(BINDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
    set(DOCDIR \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DOCDIR}\")
    configure_file(\"${BORDERGATE_SYSTEM_SRC}/\${unit}.service.in\" \"${CMAKE_BINARY_DIR}/system/\${unit}.service\" @ONLY)
    file(INSTALL DESTINATION \"\${CMAKE_INSTALL_PREFIX}/lib/systemd/system\" TYPE FILE
         FILES \"${CMAKE_BINARY_DIR}/system/\${unit}.service\")
  endforeach()
")
