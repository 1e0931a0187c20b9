# Install rules and the package config that make `find_package(libsession)` work from a prefix.
#
# Installs the library (export set libsessionTargets, namespace libsession::), the public headers
# of include/libsession/ plus the generated version.hpp, and libsessionConfig.cmake /
# libsessionConfigVersion.cmake into <libdir>/cmake/libsession. tests/consumer/ proves it.
#
# On by default only for the top-level project: a parent that add_subdirectory()s us usually
# links libsession into its own binaries and does not want our files in its install tree.
option(LIBSESSION_INSTALL "Generate install rules and the package config" ${PROJECT_IS_TOP_LEVEL})

if(NOT LIBSESSION_INSTALL)
  return()
endif()

include(CMakePackageConfigHelpers)

set(LIBSESSION_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/libsession"
    CACHE STRING "Where libsessionConfig.cmake is installed, relative to the prefix")
mark_as_advanced(LIBSESSION_INSTALL_CMAKEDIR)

install(TARGETS libsession
  EXPORT libsessionTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/libsession"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
install(FILES "${PROJECT_BINARY_DIR}/include/libsession/version.hpp"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/libsession)

install(EXPORT libsessionTargets
  NAMESPACE libsession::
  FILE libsessionTargets.cmake
  DESTINATION ${LIBSESSION_INSTALL_CMAKEDIR})

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/libsessionConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/libsessionConfig.cmake"
  INSTALL_DESTINATION ${LIBSESSION_INSTALL_CMAKEDIR})
# SameMajorVersion: a request for X.Y is met by any installed X.Z with Z >= Y.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/libsessionConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/libsessionConfig.cmake"
  "${PROJECT_BINARY_DIR}/libsessionConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/FindHiredis.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/FindLibJWT.cmake"
  DESTINATION ${LIBSESSION_INSTALL_CMAKEDIR})
