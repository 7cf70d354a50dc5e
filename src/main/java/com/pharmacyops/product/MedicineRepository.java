package com.pharmacyops.product;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.pharmacyops.platform.persistence.Transactions;
import com.pharmacyops.platform.persistence.Where;
import com.pharmacyops.platform.web.PageRequest;
import com.pharmacyops.platform.web.PageResponse;
import com.pharmacyops.product.ProductDtos.MedicineFilter;
import com.pharmacyops.product.ProductDtos.MedicineView;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

@ApplicationScoped
public class MedicineRepository implements PanacheRepositoryBase<Medicine, Long> {

    private final Transactions transactions;

    public MedicineRepository(Transactions transactions) {
        this.transactions = transactions;
    }

    public Uni<Boolean> skuTaken(String sku) {
        return count("lower(sku) = lower(?1)", sku).map(n -> n > 0);
    }

    public Uni<PageResponse<Medicine>> search(MedicineFilter f, PageRequest page) {
        Where w = new Where()
                .and("prescriptionRequired = :rx", "rx", f.prescriptionRequired())
                .and("active = :active", "active", f.active())
                .and("(lower(name) like :q escape '\\' or lower(genericName) like :q escape '\\'"
                        + " or lower(sku) like :q escape '\\')", "q", f.like());
        var query = find(w.query(), page.sort(), w.params());
        return query.page(page.panache()).list().flatMap(items -> query.count()
                .map(total -> new PageResponse<>(items, page.page(), page.size(), total)));
    }

    /** Every matching medicine, streamed in the list's sort order. */
    public Multi<MedicineView> stream(MedicineFilter f, Sort sort) {
        StringBuilder sql = new StringBuilder("""
                SELECT id, sku, name, generic_name, manufacturer, dosage_form, strength, pack_size,
                       prescription_required, reorder_level, active, created_at, updated_at, created_by, updated_by
                FROM medicines WHERE TRUE""");
        List<Object> args = new ArrayList<>();
        if (f.prescriptionRequired() != null) {
            args.add(f.prescriptionRequired());
            sql.append(" AND prescription_required = $").append(args.size());
        }
        if (f.active() != null) {
            args.add(f.active());
            sql.append(" AND active = $").append(args.size());
        }
        if (f.like() != null) {
            args.add(f.like());
            int n = args.size();
            sql.append(" AND (lower(name) LIKE $").append(n).append(" OR lower(generic_name) LIKE $").append(n)
                    .append(" OR lower(sku) LIKE $").append(n).append(')');
        }
        sql.append(" ORDER BY ").append(PageRequest.sqlOrder(sort, "id"));
        return transactions.cursor(sql.toString(), Tuple.from(args)).map(MedicineRepository::view);
    }

    private static MedicineView view(Row r) {
        return new MedicineView(r.getLong("id"), r.getString("sku"), r.getString("name"), r.getString("generic_name"),
                r.getString("manufacturer"), r.getString("dosage_form"), r.getString("strength"),
                r.getInteger("pack_size"), r.getBoolean("prescription_required"), r.getInteger("reorder_level"),
                r.getBoolean("active"), r.getOffsetDateTime("created_at").toInstant(),
                r.getOffsetDateTime("updated_at").toInstant(), r.getString("created_by"), r.getString("updated_by"));
    }
}
