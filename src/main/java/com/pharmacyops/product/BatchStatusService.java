package com.pharmacyops.product;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.product.ProductDtos.BatchView;
import com.pharmacyops.product.ProductDtos.Trace;

import io.smallrye.mutiny.Uni;

/**
 * Hold, release and recall of a batch, and its trace. A status change is a stock-path transaction (the reactive
 * client, not Hibernate): it rewrites the status copy on every stock row of the batch (V8 trigger), which waits
 * for the confirmations holding those rows and makes those waiting for them see the new status. The audit event
 * records the units on hand when the change committed: none of them can have been sold after it.
 */
@ApplicationScoped
public class BatchStatusService {

    /** A transition: the action, the status it leads to, and those it may start from. */
    public enum Transition {
        HOLD(AuditAction.HOLD, "held", BatchStatus.ON_HOLD, Set.of(BatchStatus.ACTIVE)),
        RELEASE(AuditAction.RELEASE, "released", BatchStatus.ACTIVE, Set.of(BatchStatus.ON_HOLD)),
        RECALL(AuditAction.RECALL, "recalled", BatchStatus.RECALLED, Set.of(BatchStatus.ACTIVE, BatchStatus.ON_HOLD));

        final AuditAction action;
        final String done;
        final BatchStatus to;
        final Set<BatchStatus> from;

        Transition(AuditAction action, String done, BatchStatus to, Set<BatchStatus> from) {
            this.action = action;
            this.done = done;
            this.to = to;
            this.from = from;
        }
    }

    private final Transactions transactions;
    private final BatchStatusRepository batches;
    private final AuditLog audit;

    public BatchStatusService(Transactions transactions, BatchStatusRepository batches, AuditLog audit) {
        this.transactions = transactions;
        this.batches = batches;
        this.audit = audit;
    }

    /** Changes the status, or refuses (404 unknown medicine or batch, 409 a transition that is not allowed). */
    public Uni<BatchView> change(Actor actor, long medicineId, long batchId, Transition t, String reason) {
        return transactions.write(tx -> Uni.combine().all()
                .unis(batches.medicineExists(tx, medicineId), batches.lock(tx, medicineId, batchId)).asTuple()
                .flatMap(found -> {
                    BatchView before = existing(found.getItem1(), found.getItem2(), medicineId, batchId);
                    if (!t.from.contains(before.status())) {
                        throw ApiException.conflict("Batch " + before.batchNumber() + " is " + before.status()
                                + "; only a batch that is " + names(t.from) + " can be "
                                + t.done);
                    }
                    String why = t == Transition.RELEASE ? null : reason.trim();
                    return Uni.combine().all().unis(batches.change(tx, batchId, t.to, why, actor.username()),
                            batches.onHand(tx, batchId)).asTuple()
                            .flatMap(done -> tx.commitWith(audit.append(tx, actor, t.action, EntityType.BATCH,
                                    batchId, null, changes(before, done.getItem1(), done.getItem2())))
                                    .map(v -> done.getItem1()));
                }));
    }

    /** The batch, the stores that hold it and the confirmed orders that sold it, in one snapshot. */
    public Uni<Trace> trace(long medicineId, long batchId) {
        return transactions.read(tx -> Uni.combine().all().unis(batches.medicineExists(tx, medicineId),
                batches.find(tx, medicineId, batchId), batches.stores(tx, batchId), batches.sales(tx, batchId),
                batches.totals(tx, batchId)).asTuple().map(t -> {
                    BatchView batch = existing(t.getItem1(), t.getItem2(), medicineId, batchId);
                    BatchStatusRepository.Totals totals = t.getItem5();
                    return new Trace(batch, t.getItem3(), t.getItem4(), totals.orders(), totals.quantity(),
                            totals.orders() > t.getItem4().size());
                }));
    }

    private static BatchView existing(boolean medicine, BatchView batch, long medicineId, long batchId) {
        if (!medicine) {
            throw ApiException.notFound("Medicine " + medicineId);
        }
        if (batch == null) {
            throw ApiException.notFound("Batch " + batchId + " of medicine " + medicineId);
        }
        return batch;
    }

    private static Map<String, Object> changes(BatchView before, BatchView after, long onHand) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", Map.of("from", before.status(), "to", after.status()));
        m.put("reason", after.statusReason());
        // Units of the batch in all stores when the change committed (the stock rows were locked by it).
        m.put("onHand", onHand);
        return m;
    }

    private static String names(Set<BatchStatus> statuses) {
        return String.join(" or ", statuses.stream().map(Enum::name).sorted().toList());
    }
}
