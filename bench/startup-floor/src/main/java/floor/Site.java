package floor;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One entity, so that Hibernate boots a persistence unit as the service's does. */
@Entity
@Table(name = "site")
public class Site extends PanacheEntityBase {

    @Id
    public String code;

    @Column(name = "name_en")
    public String nameEn;
}
