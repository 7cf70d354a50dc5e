package com.pharmacyops.product;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class BatchRepository implements PanacheRepositoryBase<Batch, Long> {

    public Uni<List<Batch>> ofMedicine(long medicineId) {
        return list("medicineId", Sort.by("expiryDate").and("id"), medicineId);
    }

    public Uni<Batch> find(long medicineId, String batchNumber) {
        return find("medicineId = ?1 and batchNumber = ?2", medicineId, batchNumber).firstResult();
    }

    public Uni<Boolean> hasMovements(long batchId) {
        return getSession().flatMap(s -> s.<Object>createNativeQuery(
                "SELECT EXISTS (SELECT 1 FROM stock_movements WHERE batch_id = ?1)")
                .setParameter(1, batchId).getSingleResult()).map(Boolean.TRUE::equals);
    }
}
