# LIBSESSION_SANITIZE=address,undefined instruments every target of the build. UBSan is made
# fatal so that a test run fails on the first report instead of printing and carrying on.
if(LIBSESSION_SANITIZE)
  set(_san "-fsanitize=${LIBSESSION_SANITIZE}")
  add_compile_options(${_san} -fno-omit-frame-pointer)
  add_link_options(${_san})
  if(LIBSESSION_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
endif()
