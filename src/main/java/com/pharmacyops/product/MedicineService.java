package com.pharmacyops.product;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.audit.AuditAction;
import com.pharmacyops.audit.AuditLog;
import com.pharmacyops.audit.EntityType;
import com.pharmacyops.platform.error.ApiException;
import com.pharmacyops.platform.security.Actor;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.product.ProductDtos.BatchView;
import com.pharmacyops.product.ProductDtos.CreateBatch;
import com.pharmacyops.product.ProductDtos.CreateMedicine;
import com.pharmacyops.product.ProductDtos.MedicineFilter;
import com.pharmacyops.product.ProductDtos.MedicineView;
import com.pharmacyops.product.ProductDtos.UpdateBatch;
import com.pharmacyops.product.ProductDtos.UpdateMedicine;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The medicine master data and its batches. Reads for every user; writes for ADMIN (checked by the resource). */
@ApplicationScoped
public class MedicineService {

    public static final Map<String, String> SORTABLE = Map.of("id", "id", "sku", "sku", "name", "name",
            "createdAt", "createdAt");
    /** The sort parameter as the OpenAPI document states it: a key of the map above, then ,asc or ,desc. */
    public static final String SORT = "^(id|sku|name|createdAt)(,(asc|desc))?$";

    private final MedicineRepository medicines;
    private final BatchRepository batches;
    private final AuditLog audit;

    public MedicineService(MedicineRepository medicines, BatchRepository batches, AuditLog audit) {
        this.medicines = medicines;
        this.batches = batches;
        this.audit = audit;
    }

    @WithSession
    public Uni<PageResponse<MedicineView>> list(MedicineFilter filter, PageRequest page) {
        return medicines.search(filter, page).map(p -> p.map(MedicineView::of));
    }

    public Multi<MedicineView> stream(MedicineFilter filter, Sort sort) {
        return medicines.stream(filter, sort);
    }

    @WithSession
    public Uni<MedicineView> get(long id) {
        return load(id).map(MedicineView::of);
    }

    @WithTransaction
    public Uni<MedicineView> create(Actor actor, CreateMedicine req) {
        return medicines.skuTaken(req.sku()).flatMap(taken -> {
            if (taken) {
                throw ApiException.conflict("A medicine with SKU '" + req.sku() + "' already exists");
            }
            Medicine m = new Medicine();
            m.sku = req.sku();
            m.name = req.name().trim();
            m.genericName = req.genericName();
            m.manufacturer = req.manufacturer();
            m.dosageForm = req.dosageForm();
            m.strength = req.strength();
            m.packSize = req.packSize();
            m.prescriptionRequired = req.prescriptionRequired();
            m.reorderLevel = req.reorderLevel() == null ? 0 : req.reorderLevel();
            m.stamp(actor.username(), Instant.now());
            return medicines.persist(m)
                    .call(saved -> audit.record(actor, AuditAction.CREATE, EntityType.MEDICINE, saved.id, null, saved.auditState()))
                    .map(MedicineView::of);
        });
    }

    @WithTransaction
    public Uni<MedicineView> update(Actor actor, long id, UpdateMedicine req) {
        return load(id).flatMap(m -> {
            Map<String, Object> before = m.auditState();
            if (req.name() != null) {
                m.name = req.name().trim();
            }
            if (req.genericName() != null) {
                m.genericName = req.genericName();
            }
            if (req.manufacturer() != null) {
                m.manufacturer = req.manufacturer();
            }
            if (req.dosageForm() != null) {
                m.dosageForm = req.dosageForm();
            }
            if (req.strength() != null) {
                m.strength = req.strength();
            }
            if (req.packSize() != null) {
                m.packSize = req.packSize();
            }
            if (req.prescriptionRequired() != null) {
                m.prescriptionRequired = req.prescriptionRequired();
            }
            if (req.reorderLevel() != null) {
                m.reorderLevel = req.reorderLevel();
            }
            if (req.active() != null) {
                m.active = req.active();
            }
            m.stamp(actor.username(), Instant.now());
            return audit.record(actor, AuditAction.UPDATE, EntityType.MEDICINE, id, null, AuditLog.diff(before, m.auditState()))
                    .map(v -> MedicineView.of(m));
        });
    }

    @WithSession
    public Uni<List<BatchView>> batches(long medicineId) {
        return load(medicineId).flatMap(m -> batches.ofMedicine(medicineId))
                .map(list -> list.stream().map(BatchView::of).toList());
    }

    @WithTransaction
    public Uni<BatchView> createBatch(Actor actor, long medicineId, CreateBatch req) {
        checkDates(req.expiryDate(), req.manufacturedOn());
        return load(medicineId).flatMap(m -> batches.find(medicineId, req.batchNumber())).flatMap(existing -> {
            if (existing != null) {
                throw ApiException.conflict("Batch '" + req.batchNumber() + "' of this medicine already exists");
            }
            Batch b = new Batch();
            b.medicineId = medicineId;
            b.batchNumber = req.batchNumber();
            b.expiryDate = req.expiryDate();
            b.mrp = req.mrp();
            b.manufacturedOn = req.manufacturedOn();
            b.stamp(actor.username(), Instant.now());
            return batches.persist(b)
                    .call(saved -> audit.record(actor, AuditAction.CREATE, EntityType.BATCH, saved.id, null, saved.auditState()))
                    .map(BatchView::of);
        });
    }

    @WithTransaction
    public Uni<BatchView> updateBatch(Actor actor, long medicineId, long batchId, UpdateBatch req) {
        return batches.findById(batchId).flatMap(b -> {
            if (b == null || b.medicineId != medicineId) {
                throw ApiException.notFound("Batch " + batchId);
            }
            return batches.hasMovements(batchId).flatMap(moved -> {
                if (moved) {
                    throw ApiException.conflict("The batch has stock movements and can no longer change");
                }
                Map<String, Object> before = b.auditState();
                if (req.expiryDate() != null) {
                    b.expiryDate = req.expiryDate();
                }
                if (req.mrp() != null) {
                    b.mrp = req.mrp();
                }
                if (req.manufacturedOn() != null) {
                    b.manufacturedOn = req.manufacturedOn();
                }
                checkDates(b.expiryDate, b.manufacturedOn);
                b.stamp(actor.username(), Instant.now());
                return audit.record(actor, AuditAction.UPDATE, EntityType.BATCH, batchId, null, AuditLog.diff(before, b.auditState()))
                        .map(v -> BatchView.of(b));
            });
        });
    }

    private static void checkDates(java.time.LocalDate expiry, java.time.LocalDate manufactured) {
        if (manufactured != null && !manufactured.isBefore(expiry)) {
            throw ApiException.invalid("manufacturedOn", "must be before expiryDate");
        }
    }

    private Uni<Medicine> load(long id) {
        return medicines.findById(id).map(m -> {
            if (m == null) {
                throw ApiException.notFound("Medicine " + id);
            }
            return m;
        });
    }
}
