package dev.bulk2.examples;

import java.time.Instant;
import java.time.LocalDate;

/** One client row of the ERP database, as the sync reads it. Immutable. */
public final class ErpClient {
    final String clientId;
    final String salutation;
    final String firstName;
    final String lastName;
    final String email;
    final LocalDate birthDate;
    final String mobile;
    final String street;
    final String city;
    final String state;
    final String postalCode;
    final String country;
    final boolean optedOutOfEmail;
    final String maritalStatus;
    final Instant updatedAt;

    ErpClient(String clientId, String salutation, String firstName, String lastName, String email,
            LocalDate birthDate, String mobile, String street, String city, String state, String postalCode,
            String country, boolean optedOutOfEmail, String maritalStatus, Instant updatedAt) {
        this.clientId = clientId;
        this.salutation = salutation;
        this.firstName = firstName;
        this.lastName = lastName;
        this.email = email;
        this.birthDate = birthDate;
        this.mobile = mobile;
        this.street = street;
        this.city = city;
        this.state = state;
        this.postalCode = postalCode;
        this.country = country;
        this.optedOutOfEmail = optedOutOfEmail;
        this.maritalStatus = maritalStatus;
        this.updatedAt = updatedAt;
    }

    /** @return the ERP key, sent as the Salesforce external id */
    public String clientId() {
        return clientId;
    }

    /** @return when the ERP last changed the row (the sync's watermark column) */
    public Instant updatedAt() {
        return updatedAt;
    }

    @Override
    public String toString() {
        return "ErpClient{" + clientId + "}";
    }
}
