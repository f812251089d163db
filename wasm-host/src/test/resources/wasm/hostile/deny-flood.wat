;; Denies every client whose request mentions "x-" with a 512 KiB deny_reason; answers {}
;; otherwise. Expected: the router cuts the reason before it reaches the client or a trace.
(module
  (memory (export "memory") 16)
  (data (i32.const 16) "{}")
  (data (i32.const 32) "x-")
  (data (i32.const 64) "{\"deny\":true,\"deny_reason\":\"")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 4096))
  (func $mentions (param $ptr i32) (param $len i32) (result i32)
    (local $i i32)
    (block $no
      (loop $scan
        (br_if $no (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $len)))
        (if (i32.eq (i32.load16_u (i32.add (local.get $ptr) (local.get $i)))
                    (i32.load16_u (i32.const 32)))
          (then (return (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (i32.const 0))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (if (i32.eqz (call $mentions (local.get $ptr) (local.get $len)))
      (then (return (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2)))))
    ;; prefix at 64 (28 bytes), 524288 x 'A', then "}
    (memory.fill (i32.const 92) (i32.const 65) (i32.const 524288))
    (i32.store16 (i32.const 524380) (i32.const 0x7d22))
    (i64.or (i64.shl (i64.const 64) (i64.const 32)) (i64.const 524318))))
