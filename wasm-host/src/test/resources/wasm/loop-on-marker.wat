;; Loops forever when the request contains the bytes "LOOP" (br loop) or "BRIF" (br_if loop);
;; otherwise answers {"deny":false}.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"deny\":false}")
  (data (i32.const 64) "LOOP")
  (data (i32.const 72) "BRIF")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $contains (param $hay i32) (param $hay_len i32) (param $needle i32) (param $needle_len i32) (result i32)
    (local $i i32) (local $j i32)
    (block $not_found
      (loop $outer
        (br_if $not_found (i32.gt_s (i32.add (local.get $i) (local.get $needle_len)) (local.get $hay_len)))
        (local.set $j (i32.const 0))
        (block $mismatch
          (loop $inner
            (if (i32.ge_s (local.get $j) (local.get $needle_len)) (then (return (i32.const 1))))
            (br_if $mismatch
              (i32.ne
                (i32.load8_u (i32.add (i32.add (local.get $hay) (local.get $i)) (local.get $j)))
                (i32.load8_u (i32.add (local.get $needle) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $inner)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
    (i32.const 0))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (local $n i64)
    (if (call $contains (local.get $ptr) (local.get $len) (i32.const 64) (i32.const 4))
      (then (loop $forever (local.set $n (i64.add (local.get $n) (i64.const 1))) (br $forever))))
    (if (call $contains (local.get $ptr) (local.get $len) (i32.const 72) (i32.const 4))
      (then (loop $spin (local.set $n (i64.add (local.get $n) (i64.const 1)))
              (br_if $spin (i64.ne (local.get $n) (i64.const -1))))))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 14))))
