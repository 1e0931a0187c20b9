# FindLibJWT.cmake — finds libjwt (benmcollins/libjwt; Debian: libjwt-dev) and defines LibJWT::jwt.
#
# libjwt 1.x installs only a pkg-config file, no CMake package config. pkg-config is asked first
# (it knows a non-standard prefix), then the usual paths. The shared library carries its own
# dependencies (jansson, OpenSSL, libb64); a static libjwt would also need those on the link line.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_LIBJWT QUIET libjwt)
endif()

find_path(LibJWT_INCLUDE_DIR jwt.h HINTS ${PC_LIBJWT_INCLUDE_DIRS})
find_library(LibJWT_LIBRARY NAMES jwt HINTS ${PC_LIBJWT_LIBRARY_DIRS})
set(LibJWT_VERSION "${PC_LIBJWT_VERSION}")

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibJWT
  REQUIRED_VARS LibJWT_LIBRARY LibJWT_INCLUDE_DIR
  VERSION_VAR LibJWT_VERSION)

if(LibJWT_FOUND AND NOT TARGET LibJWT::jwt)
  add_library(LibJWT::jwt UNKNOWN IMPORTED)
  set_target_properties(LibJWT::jwt PROPERTIES
    IMPORTED_LOCATION "${LibJWT_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibJWT_INCLUDE_DIR}")
endif()
mark_as_advanced(LibJWT_INCLUDE_DIR LibJWT_LIBRARY)
