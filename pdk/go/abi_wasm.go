//go:build wasm

package pdk

import (
	"bytes"
	"unsafe"
)

//go:wasmimport signpost log
func signpostLog(level int32, ptr unsafe.Pointer, length int32)

//go:wasmimport signpost counter_add
func signpostCounterAdd(namePtr unsafe.Pointer, nameLen int32, delta int64) int32

func hostLog(level int32, message string) {
	if len(message) > 0 {
		signpostLog(level, unsafe.Pointer(unsafe.StringData(message)), int32(len(message)))
	}
}

func hostCounterAdd(name string, delta int64) int32 {
	if len(name) == 0 {
		return int32(ErrInvalidName)
	}
	return signpostCounterAdd(unsafe.Pointer(unsafe.StringData(name)), int32(len(name)), delta)
}

// Buffers: one reused request buffer, lent by alloc until dealloc or the end of the call it was
// for, and one reused response buffer that dealloc leaves alone. Any other buffer the host asks
// for is kept reachable in others until dealloc, so the garbage collector cannot reuse it while
// the host still writes into it.
var (
	input     = make([]byte, 4096)
	inputLent bool
	output    bytes.Buffer
	others    = map[uintptr][]byte{}
)

func addr(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }

//go:wasmexport alloc
func alloc(size uint32) uint32 {
	if !inputLent && size <= 64*1024 {
		if int(size) > cap(input) {
			input = make([]byte, size)
		}
		inputLent = true
		return uint32(addr(input))
	}
	b := make([]byte, max(size, 1))
	others[addr(b)] = b
	return uint32(addr(b))
}

//go:wasmexport dealloc
func dealloc(ptr uint32, size uint32) {
	release(uintptr(ptr))
}

func release(ptr uintptr) {
	switch {
	case ptr == addr(input):
		inputLent = false
	case output.Cap() > 0 && ptr == addr(output.Bytes()):
	default:
		delete(others, ptr)
	}
}

func bytesAt(ptr, length uint32) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(uintptr(ptr))), length)
}

//go:wasmexport signpost_load
func signpostLoad(ptr, length uint32) int32 {
	status := load(bytesAt(ptr, length))
	release(uintptr(ptr))
	return status
}

//go:wasmexport signpost_unload
func signpostUnload() {
	if onUnload != nil {
		onUnload()
	}
}

//go:wasmexport on_connect
func onConnectExport(ptr, length uint32) uint64 {
	respond(bytesAt(ptr, length), &output)
	release(uintptr(ptr))
	out := output.Bytes()
	return uint64(addr(out))<<32 | uint64(len(out))
}
