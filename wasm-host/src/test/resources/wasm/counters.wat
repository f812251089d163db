;; Probes signpost.counter_add: answers deny_reason = four status digits for
;; (1) the valid name "ok", (2) the invalid name "Bad", (3) a negative delta, and
;; (4) the last of 70 distinct names n00..n69 (over the 64-counter bound).
(module
  (import "signpost" "counter_add" (func $counter_add (param i32 i32 i64) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "{\"deny\":true,\"deny_reason\":\"????\"}")
  (data (i32.const 100) "ok")
  (data (i32.const 110) "Bad")
  (data (i32.const 200) "n00")
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func $digit (param $at i32) (param $status i32)
    (i32.store8 (local.get $at) (i32.add (i32.const 48) (local.get $status))))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (local $i i32) (local $status i32)
    (call $digit (i32.const 44) (call $counter_add (i32.const 100) (i32.const 2) (i64.const 1)))
    (call $digit (i32.const 45) (call $counter_add (i32.const 110) (i32.const 3) (i64.const 1)))
    (call $digit (i32.const 46) (call $counter_add (i32.const 100) (i32.const 2) (i64.const -1)))
    (loop $names
      (i32.store8 (i32.const 201) (i32.add (i32.const 48) (i32.div_u (local.get $i) (i32.const 10))))
      (i32.store8 (i32.const 202) (i32.add (i32.const 48) (i32.rem_u (local.get $i) (i32.const 10))))
      (local.set $status (call $counter_add (i32.const 200) (i32.const 3) (i64.const 2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $names (i32.lt_u (local.get $i) (i32.const 70))))
    (call $digit (i32.const 47) (local.get $status))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 34))))
