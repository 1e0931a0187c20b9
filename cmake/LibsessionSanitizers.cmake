# LIBSESSION_SANITIZE=address,undefined instruments every target of the build. UBSan is made
# fatal so that a test run fails on the first report instead of printing and carrying on.
if(LIBSESSION_SANITIZE)
  set(_san "-fsanitize=${LIBSESSION_SANITIZE}")
  add_compile_options(${_san} -fno-omit-frame-pointer)
  add_link_options(${_san})
  # GCC warns (-Wtsan) that TSan does not model asio's atomic_thread_fence; that is expected.
  if(LIBSESSION_SANITIZE MATCHES "thread" AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-tsan)
  endif()
  if(LIBSESSION_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
