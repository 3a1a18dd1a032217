-- Whether the payment was created by a caller that marks every prepay (MarkPrepaid, prepaid_at)
-- before it hands the code out, and hands out none it could not mark: CreatePaymentReq.marksPrepay,
-- which payment-api sends from this version on. Only a waiting payment with it and without a mark is
-- given up without asking its provider (a channel switch, the close job, the reconcile tick).
-- Positive, so that a row made without it is safe: rows already here, rows an older payment-rpc
-- replica inserts after this ran (a rolling deploy) or during a rollback (this does not run again on
-- the roll forward), and rows made for an older payment-api all keep 0, and their provider is asked.
-- A reuse never sets it on a row that has 0 (an earlier caller may hold an unmarked code); a reuse by
-- a caller that does not mark clears it.
ALTER TABLE `third_payment`
  ADD COLUMN `awaits_mark` TINYINT NOT NULL DEFAULT 0
    COMMENT '1: created by a caller that marks every prepay before handing its code out (marksPrepay); 0: its provider is always asked';
