;; Grows its table by 1,000 elements at a time until growth is refused, then answers {}.
;; Expected: the guest sees -1 at the budget and the call succeeds.
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "{}")
  (table $t 1 funcref)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64)
    (block $refused
      (loop $again
        (br_if $refused (i32.eq (table.grow $t (ref.null func) (i32.const 1000)) (i32.const -1)))
        (br $again)))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 2))))
