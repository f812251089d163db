;; Declares a table of 10,000,000 elements at start.
;; Expected: refused at load (over max_table_elements).
(module
  (memory (export "memory") 1)
  (table 10000000 funcref)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "on_connect") (param $ptr i32) (param $len i32) (result i64) (i64.const 0)))
