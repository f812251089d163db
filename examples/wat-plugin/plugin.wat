;; A minimal Signpost plugin in WebAssembly text.
;;
;; Denies clients whose request contains "username":"deny" and otherwise sets the referral
;; content to "wat-plugin" (base64 d2F0LXBsdWdpbg==). Same behaviour as Hyrouter's Go example,
;; with no runtime and no imports: one page of memory, a fixed request buffer, static responses.
;;
;; Build: wat2wasm plugin.wat -o plugin.wasm   (Debian package: wabt)
(module
  (memory (export "memory") 1)

  ;; Static data: the needle and the two responses.
  (data (i32.const 16) "\"username\":\"deny\"")                                  ;; 17 bytes
  (data (i32.const 64) "{\"deny\":true,\"deny_reason\":\"denied by wat plugin\"}") ;; 50 bytes
  (data (i32.const 128) "{\"referral_content\":\"d2F0LXBsdWdpbg==\"}")            ;; 39 bytes

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

  ;; Returns (pointer << 32) | length of the JSON response.
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (if (result i64) (call $contains (local.get $ptr) (local.get $len) (i32.const 16) (i32.const 17))
      (then (i64.or (i64.shl (i64.const 64) (i64.const 32)) (i64.const 50)))
      (else (i64.or (i64.shl (i64.const 128) (i64.const 32)) (i64.const 39))))))
