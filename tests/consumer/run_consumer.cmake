# cmake -D... -P run_consumer.cmake — the steps of the consumer_find_package test (see
# CMakeLists.txt beside this file). Fails with FATAL_ERROR at the first step that goes wrong.
foreach(_var LIBSESSION_BUILD_DIR CONSUMER_SOURCE_DIR WORK_DIR GENERATOR CXX_COMPILER
             EXPECTED_VERSION)
  if(NOT DEFINED ${_var} OR "${${_var}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: ${_var} is not set")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Release)
endif()

set(_prefix "${WORK_DIR}/prefix")
set(_build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${WORK_DIR}")

function(run_step name)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "consumer: ${name} failed (${_rc}):\n${_out}")
  endif()
  message(STATUS "consumer: ${name}: ok")
endfunction()

run_step("install into ${_prefix}"
  ${CMAKE_COMMAND} --install "${LIBSESSION_BUILD_DIR}" --prefix "${_prefix}" --config "${CONFIG}")

set(_flags "")
set(_ldflags "")
if(SANITIZE)
  set(_flags "-fsanitize=${SANITIZE} -fno-omit-frame-pointer")
  set(_ldflags "-fsanitize=${SANITIZE}")
endif()

# Only the scratch prefix is searched first; the user package registry is off so that a
# registered build tree can never stand in for the installed package.
run_step("configure"
  ${CMAKE_COMMAND} -S "${CONSUMER_SOURCE_DIR}" -B "${_build}" -G "${GENERATOR}"
    "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
    "-DCMAKE_BUILD_TYPE=${CONFIG}"
    "-DCMAKE_PREFIX_PATH=${_prefix}"
    "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF"
    "-DCMAKE_CXX_FLAGS=${_flags}"
    "-DCMAKE_EXE_LINKER_FLAGS=${_ldflags}")

# The package must have come from the prefix, not from a system-wide install.
file(STRINGS "${_build}/CMakeCache.txt" _dir REGEX "^libsession_DIR:")
string(REGEX REPLACE "^libsession_DIR:[A-Z]+=" "" _dir "${_dir}")
file(REAL_PATH "${_prefix}" _real_prefix)
file(REAL_PATH "${_dir}" _real_dir)
string(FIND "${_real_dir}" "${_real_prefix}/" _at)
if(NOT _at EQUAL 0)
  message(FATAL_ERROR "consumer: libsession was found in '${_dir}', not under '${_prefix}'")
endif()

run_step("build" ${CMAKE_COMMAND} --build "${_build}" --config "${CONFIG}")

execute_process(COMMAND "${_build}/consumer"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "consumer: run failed (${_rc}):\n${_out}${_err}")
endif()
# The frame a Socket.IO client would receive for socket.emit("hello", "world", 1).
set(_expected "libsession ${EXPECTED_VERSION}\n42[\"hello\",\"world\",1]\n")
if(NOT _out STREQUAL _expected)
  message(FATAL_ERROR "consumer: unexpected output\n--- expected\n${_expected}--- actual\n${_out}${_err}")
endif()
message(STATUS "consumer: run: ok\n${_out}")
