// The precompiled header of the test programs (test_pch in
// tests/CMakeLists.txt) needs a target of its own to be built for, and a
// target needs a source file: this is it. It defines nothing.
