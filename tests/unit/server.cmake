# Server unit tests: EngineIoServer, SocketIoServer and SessionHub driven through the in-memory
# fakes of tests/support (no sockets, virtual time). Included from tests/unit/CMakeLists.txt,
# so libsession_unit_test() and the relative paths below are those of tests/unit.

# The fakes of our own seams (EventLoop, HttpExchange, WebSocketConnection, EngineIoHandler,
# ChannelSender), shared by the three executables.
add_library(libsession_test_support STATIC
  ${PROJECT_SOURCE_DIR}/tests/support/manual_event_loop.cpp
  ${PROJECT_SOURCE_DIR}/tests/support/fake_http.cpp
  ${PROJECT_SOURCE_DIR}/tests/support/engine_io_driver.cpp)
target_include_directories(libsession_test_support PUBLIC ${PROJECT_SOURCE_DIR}/tests/support)
target_link_libraries(libsession_test_support PUBLIC libsession::libsession Catch2::Catch2)
libsession_warnings(libsession_test_support)

libsession_unit_test(unit_engineio
  engineio/handshake_test.cpp
  engineio/polling_test.cpp
  engineio/heartbeat_test.cpp
  engineio/upgrade_test.cpp
  engineio/close_test.cpp
  engineio/cors_test.cpp
  engineio/manual_event_loop_test.cpp)
target_link_libraries(unit_engineio PRIVATE libsession_test_support)

libsession_unit_test(unit_socketio
  socketio/connect_test.cpp
  socketio/events_test.cpp
  socketio/lifecycle_test.cpp)
target_link_libraries(unit_socketio PRIVATE libsession_test_support)

libsession_unit_test(unit_hub
  hub/session_hub_test.cpp
  hub/attach_session_hub_test.cpp
  hub/memory_test.cpp
  hub/counting_allocator.cpp)
target_link_libraries(unit_hub PRIVATE libsession_test_support)

libsession_unit_test(unit_loopback
  loopback/loopback_engine_test.cpp)
target_link_libraries(unit_loopback PRIVATE libsession_test_support)

libsession_unit_test(unit_agent
  agent/session_agent_test.cpp)
target_link_libraries(unit_agent PRIVATE libsession_test_support)
