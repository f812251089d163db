;; {{name}}: a Signpost Wasm plugin in WebAssembly text, made with
;; `signpost plugin new --lang wat {{name}}`.
;;
;; Denies requests that contain "username":"mallory" and sets the referral content of every other
;; one to "{{name}}". No runtime and no imports: one page of memory, a fixed request buffer at
;; 1024, static answers. Build: ./build.sh (wat2wasm, Debian package wabt).
(module
  (memory (export "memory") 1)

  ;; The needle and the two answers (offsets and lengths are used below).
  (data (i32.const 16) "{{needle}}")        ;; {{needle_len}} bytes
  (data (i32.const 64) "{{deny}}")          ;; {{deny_len}} bytes
  (data (i32.const 256) "{{allow}}")        ;; {{allow_len}} bytes

  ;; Requests are written at 1024; memory grows when a request needs more room.
  (func (export "alloc") (param $len i32) (result i32)
    (local $needed i32)
    (local.set $needed
      (i32.sub
        (i32.shr_u (i32.add (i32.add (i32.const 1024) (local.get $len)) (i32.const 65535))
                   (i32.const 16))
        (memory.size)))
    (if (i32.gt_s (local.get $needed) (i32.const 0))
      (then (if (i32.eq (memory.grow (local.get $needed)) (i32.const -1))
              (then (return (i32.const 0))))))
    (i32.const 1024))

  ;; 1 when [hay, hay+hay_len) contains [needle, needle+needle_len).
  (func $contains (param $hay i32) (param $hay_len i32) (param $needle i32) (param $needle_len i32)
                  (result i32)
    (local $i i32) (local $j i32)
    (block $not_found
      (loop $outer
        (br_if $not_found
          (i32.gt_s (i32.add (local.get $i) (local.get $needle_len)) (local.get $hay_len)))
        (local.set $j (i32.const 0))
        (block $mismatch
          (loop $inner
            (if (i32.ge_s (local.get $j) (local.get $needle_len))
              (then (return (i32.const 1))))
            (br_if $mismatch
              (i32.ne
                (i32.load8_u (i32.add (i32.add (local.get $hay) (local.get $i)) (local.get $j)))
                (i32.load8_u (i32.add (local.get $needle) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $inner)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (i32.const 0))

  ;; Returns (pointer << 32) | length of the JSON answer.
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (if (result i64)
        (call $contains (local.get $ptr) (local.get $len) (i32.const 16) (i32.const {{needle_len}}))
      (then (i64.or (i64.shl (i64.const 64) (i64.const 32)) (i64.const {{deny_len}})))
      (else (i64.or (i64.shl (i64.const 256) (i64.const 32)) (i64.const {{allow_len}}))))))
