// The precompiled header of the chapters (chapter_pch in cmake/chapter.cmake)
// needs a target of its own to be built for, and a target needs a source
// file: this is it. It defines nothing.
