import Foundation

extension JavaTimeZone {
    /// The zone a JVM started with `-Duser.timezone=identifier` (or `TZ=identifier`) uses, with Java's short
    /// names for it, e.g. `Europe/Berlin` (printed `CET`/`CEST`), `America/New_York`, `UTC`.
    ///
    /// - Parameter identifier: an IANA zone id. Zones for which Java has no short name print as
    ///   `GMT+03:00`, as Java prints them.
    /// - Returns: `nil` if the identifier is not a zone Foundation knows.
    public init?(identifier: String) {
        guard let timeZone = TimeZone(identifier: identifier) else { return nil }
        let names = Self.javaShortNames[identifier]
        self.init(timeZone: timeZone, standardName: names?.standard, daylightName: names?.daylight ?? names?.standard)
    }

    /// The zone's IANA identifier (`Europe/Berlin`).
    public var identifier: String { timeZone.identifier }

    /// Java's short names (`TimeZone.getDisplayName(daylight, SHORT, Locale.US)`) by zone id, from JDK
    /// 17.0.15. Zones whose names Java prints as `GMT±hh:mm` are left out. Regenerate with:
    ///
    /// ```java
    /// for (String id : new TreeSet<>(java.time.ZoneId.getAvailableZoneIds())) {
    ///     TimeZone tz = TimeZone.getTimeZone(id);
    ///     System.out.println(id + " " + tz.getDisplayName(false, TimeZone.SHORT, Locale.US) + " "
    ///         + tz.getDisplayName(true, TimeZone.SHORT, Locale.US));
    /// }
    /// ```
    /// (one line per zone: id, standard name, daylight name when it differs).
    static let javaShortNames: [String: (standard: String, daylight: String?)] = {
        var names: [String: (standard: String, daylight: String?)] = [:]
        for line in table.split(separator: "\n") {
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count >= 2 else { continue }
            names[parts[0]] = (parts[1], parts.count > 2 ? parts[2] : nil)
        }
        return names
    }()

    private static let table = """
        Africa/Abidjan GMT
        Africa/Accra GMT GHST
        Africa/Addis_Ababa EAT EAST
        Africa/Algiers CET CEST
        Africa/Asmara EAT EAST
        Africa/Asmera EAT EAST
        Africa/Bamako GMT
        Africa/Bangui WAT WAST
        Africa/Banjul GMT
        Africa/Bissau GMT
        Africa/Blantyre CAT CAST
        Africa/Brazzaville WAT WAST
        Africa/Bujumbura CAT CAST
        Africa/Cairo EET EEST
        Africa/Casablanca WET WEST
        Africa/Ceuta CET CEST
        Africa/Conakry GMT
        Africa/Dakar GMT
        Africa/Dar_es_Salaam EAT EAST
        Africa/Djibouti EAT EAST
        Africa/Douala WAT WAST
        Africa/El_Aaiun WET WEST
        Africa/Freetown GMT
        Africa/Gaborone CAT CAST
        Africa/Harare CAT CAST
        Africa/Johannesburg SAST
        Africa/Juba CAT CAST
        Africa/Kampala EAT EAST
        Africa/Khartoum CAT CAST
        Africa/Kigali CAT CAST
        Africa/Kinshasa WAT WAST
        Africa/Lagos WAT WAST
        Africa/Libreville WAT WAST
        Africa/Lome GMT
        Africa/Luanda WAT WAST
        Africa/Lubumbashi CAT CAST
        Africa/Lusaka CAT CAST
        Africa/Malabo WAT WAST
        Africa/Maputo CAT CAST
        Africa/Maseru SAST
        Africa/Mbabane SAST
        Africa/Mogadishu EAT EAST
        Africa/Monrovia GMT
        Africa/Nairobi EAT EAST
        Africa/Ndjamena WAT WAST
        Africa/Niamey WAT WAST
        Africa/Nouakchott GMT
        Africa/Ouagadougou GMT
        Africa/Porto-Novo WAT WAST
        Africa/Sao_Tome GMT
        Africa/Timbuktu GMT
        Africa/Tripoli EET EEST
        Africa/Tunis CET CEST
        Africa/Windhoek CAT WAT
        America/Adak HAST HADT
        America/Anchorage AKST AKDT
        America/Anguilla AST ADT
        America/Antigua AST ADT
        America/Araguaina BRT BRST
        America/Argentina/Buenos_Aires ART ARST
        America/Argentina/Catamarca ART ARST
        America/Argentina/ComodRivadavia ART ARST
        America/Argentina/Cordoba ART ARST
        America/Argentina/Jujuy ART ARST
        America/Argentina/La_Rioja ART ARST
        America/Argentina/Mendoza ART ARST
        America/Argentina/Rio_Gallegos ART ARST
        America/Argentina/Salta ART ARST
        America/Argentina/San_Juan ART ARST
        America/Argentina/San_Luis ART ARST
        America/Argentina/Tucuman ART ARST
        America/Argentina/Ushuaia ART ARST
        America/Aruba AST ADT
        America/Asuncion PYT PYST
        America/Atikokan EST EDT
        America/Atka HAST HADT
        America/Bahia BRT BRST
        America/Bahia_Banderas CST CDT
        America/Barbados AST ADT
        America/Belem BRT BRST
        America/Belize CST CDT
        America/Blanc-Sablon AST ADT
        America/Boa_Vista AMT AMST
        America/Bogota COT COST
        America/Boise MST MDT
        America/Buenos_Aires ART ARST
        America/Cambridge_Bay MST MDT
        America/Campo_Grande AMT AMST
        America/Cancun EST EDT
        America/Caracas VET VEST
        America/Catamarca ART ARST
        America/Cayenne GFT GFST
        America/Cayman EST EDT
        America/Chicago CST CDT
        America/Chihuahua CST CDT
        America/Ciudad_Juarez MST MDT
        America/Coral_Harbour EST EDT
        America/Cordoba ART ARST
        America/Costa_Rica CST CDT
        America/Creston MST MDT
        America/Cuiaba AMT AMST
        America/Curacao AST ADT
        America/Danmarkshavn GMT
        America/Dawson MST MDT
        America/Dawson_Creek MST MDT
        America/Denver MST MDT
        America/Detroit EST EDT
        America/Dominica AST ADT
        America/Edmonton MST MDT
        America/Eirunepe ACT ACST
        America/El_Salvador CST CDT
        America/Ensenada PST PDT
        America/Fort_Nelson MST MDT
        America/Fort_Wayne EST EDT
        America/Fortaleza BRT BRST
        America/Glace_Bay AST ADT
        America/Godthab WGT WGST
        America/Goose_Bay AST ADT
        America/Grand_Turk EST EDT
        America/Grenada AST ADT
        America/Guadeloupe AST ADT
        America/Guatemala CST CDT
        America/Guayaquil ECT ECST
        America/Guyana GYT GYST
        America/Halifax AST ADT
        America/Havana CST CDT
        America/Hermosillo MST MDT
        America/Indiana/Indianapolis EST EDT
        America/Indiana/Knox CST CDT
        America/Indiana/Marengo EST EDT
        America/Indiana/Petersburg EST EDT
        America/Indiana/Tell_City CST CDT
        America/Indiana/Vevay EST EDT
        America/Indiana/Vincennes EST EDT
        America/Indiana/Winamac EST EDT
        America/Indianapolis EST EDT
        America/Inuvik MST MDT
        America/Iqaluit EST EDT
        America/Jamaica EST EDT
        America/Jujuy ART ARST
        America/Juneau AKST AKDT
        America/Kentucky/Louisville EST EDT
        America/Kentucky/Monticello EST EDT
        America/Knox_IN CST CDT
        America/Kralendijk AST ADT
        America/La_Paz BOT BOST
        America/Lima PET PEST
        America/Los_Angeles PST PDT
        America/Louisville EST EDT
        America/Lower_Princes AST ADT
        America/Maceio BRT BRST
        America/Managua CST CDT
        America/Manaus AMT AMST
        America/Marigot AST ADT
        America/Martinique AST ADT
        America/Matamoros CST CDT
        America/Mazatlan MST MDT
        America/Mendoza ART ARST
        America/Menominee CST CDT
        America/Merida CST CDT
        America/Metlakatla AKST AKDT
        America/Mexico_City CST CDT
        America/Miquelon PMST PMDT
        America/Moncton AST ADT
        America/Monterrey CST CDT
        America/Montevideo UYT UYST
        America/Montreal EST EDT
        America/Montserrat AST ADT
        America/Nassau EST EDT
        America/New_York EST EDT
        America/Nipigon EST EDT
        America/Nome AKST AKDT
        America/Noronha FNT FNST
        America/North_Dakota/Beulah CST CDT
        America/North_Dakota/Center CST CDT
        America/North_Dakota/New_Salem CST CDT
        America/Nuuk WGT WGST
        America/Ojinaga CST CDT
        America/Panama EST EDT
        America/Pangnirtung EST EDT
        America/Paramaribo SRT SRST
        America/Phoenix MST MDT
        America/Port-au-Prince EST EDT
        America/Port_of_Spain AST ADT
        America/Porto_Acre ACT ACST
        America/Porto_Velho AMT AMST
        America/Puerto_Rico AST ADT
        America/Rainy_River CST CDT
        America/Rankin_Inlet CST CDT
        America/Recife BRT BRST
        America/Regina CST CDT
        America/Resolute CST CDT
        America/Rio_Branco ACT ACST
        America/Rosario ART ARST
        America/Santa_Isabel PST PDT
        America/Santarem BRT BRST
        America/Santiago CLT CLST
        America/Santo_Domingo AST ADT
        America/Sao_Paulo BRT BRST
        America/Scoresbysund EGT EGST
        America/Shiprock MST MDT
        America/Sitka AKST AKDT
        America/St_Barthelemy AST ADT
        America/St_Johns NST NDT
        America/St_Kitts AST ADT
        America/St_Lucia AST ADT
        America/St_Thomas AST ADT
        America/St_Vincent AST ADT
        America/Swift_Current CST CDT
        America/Tegucigalpa CST CDT
        America/Thule AST ADT
        America/Thunder_Bay EST EDT
        America/Tijuana PST PDT
        America/Toronto EST EDT
        America/Tortola AST ADT
        America/Vancouver PST PDT
        America/Virgin AST ADT
        America/Whitehorse MST MDT
        America/Winnipeg CST CDT
        America/Yakutat AKST AKDT
        America/Yellowknife MST MDT
        Antarctica/Casey AWST AWDT
        Antarctica/Davis DAVT DAVST
        Antarctica/DumontDUrville DDUT DDUST
        Antarctica/Macquarie AEST AEDT
        Antarctica/Mawson MAWT MAWST
        Antarctica/McMurdo NZST NZDT
        Antarctica/Palmer CLT CLST
        Antarctica/Rothera ROTT ROTST
        Antarctica/South_Pole NZST NZDT
        Antarctica/Syowa SYOT SYOST
        Antarctica/Troll GMT CEST
        Antarctica/Vostok VOST VOSST
        Arctic/Longyearbyen CET CEST
        Asia/Aden AST ADT
        Asia/Almaty ALMT ALMST
        Asia/Amman EET EEST
        Asia/Anadyr ANAT ANAST
        Asia/Aqtau AQTT AQTST
        Asia/Aqtobe AQTT AQTST
        Asia/Ashgabat TMT TMST
        Asia/Ashkhabad TMT TMST
        Asia/Baghdad AST ADT
        Asia/Bahrain AST ADT
        Asia/Baku AZT AZST
        Asia/Bangkok ICT ICST
        Asia/Beirut EET EEST
        Asia/Bishkek KGT KGST
        Asia/Brunei BNT BNST
        Asia/Calcutta IST IDT
        Asia/Chita YAKT YAKST
        Asia/Choibalsan CHOT CHOST
        Asia/Chongqing CST CDT
        Asia/Chungking CST CDT
        Asia/Colombo IST IDT
        Asia/Dacca BDT BDST
        Asia/Damascus EET EEST
        Asia/Dhaka BDT BDST
        Asia/Dili TLT TLST
        Asia/Dubai GST GDT
        Asia/Dushanbe TJT TJST
        Asia/Famagusta EET EEST
        Asia/Gaza EET EEST
        Asia/Harbin CST CDT
        Asia/Hebron EET EEST
        Asia/Ho_Chi_Minh ICT ICST
        Asia/Hong_Kong HKT HKST
        Asia/Hovd HOVT HOVST
        Asia/Irkutsk IRKT IRKST
        Asia/Istanbul TRT TRST
        Asia/Jakarta WIB WIST
        Asia/Jayapura WIT EIST
        Asia/Jerusalem IST IDT
        Asia/Kabul AFT AFST
        Asia/Kamchatka PETT PETST
        Asia/Karachi PKT PKST
        Asia/Kashgar XJT XJDT
        Asia/Kathmandu NPT NPST
        Asia/Katmandu NPT NPST
        Asia/Khandyga YAKT YAKST
        Asia/Kolkata IST IDT
        Asia/Krasnoyarsk KRAT KRAST
        Asia/Kuala_Lumpur MYT MYST
        Asia/Kuching MYT MYST
        Asia/Kuwait AST ADT
        Asia/Macao CST CDT
        Asia/Macau CST CDT
        Asia/Magadan MAGT MAGST
        Asia/Makassar WITA CIST
        Asia/Manila PST PDT
        Asia/Muscat GST GDT
        Asia/Nicosia EET EEST
        Asia/Novokuznetsk KRAT KRAST
        Asia/Novosibirsk NOVT NOVST
        Asia/Omsk OMST OMSST
        Asia/Oral ORAT ORAST
        Asia/Phnom_Penh ICT ICST
        Asia/Pontianak WIB WIST
        Asia/Pyongyang KST KDT
        Asia/Qatar AST ADT
        Asia/Qostanay QOST QOSST
        Asia/Qyzylorda QYZT QYZST
        Asia/Rangoon MMT MMST
        Asia/Riyadh AST ADT
        Asia/Saigon ICT ICST
        Asia/Sakhalin SAKT SAKST
        Asia/Samarkand UZT UZST
        Asia/Seoul KST KDT
        Asia/Shanghai CST CDT
        Asia/Singapore SGT SGST
        Asia/Srednekolymsk SRET SREDT
        Asia/Taipei CST CDT
        Asia/Tashkent UZT UZST
        Asia/Tbilisi GET GEST
        Asia/Tehran IRST IRDT
        Asia/Tel_Aviv IST IDT
        Asia/Thimbu BTT BTST
        Asia/Thimphu BTT BTST
        Asia/Tokyo JST JDT
        Asia/Ujung_Pandang WITA CIST
        Asia/Ulaanbaatar ULAT ULAST
        Asia/Ulan_Bator ULAT ULAST
        Asia/Urumqi XJT XJDT
        Asia/Ust-Nera VLAT VLAST
        Asia/Vientiane ICT ICST
        Asia/Vladivostok VLAT VLAST
        Asia/Yakutsk YAKT YAKST
        Asia/Yangon MMT MMST
        Asia/Yekaterinburg YEKT YEKST
        Asia/Yerevan AMT AMST
        Atlantic/Azores AZOT AZOST
        Atlantic/Bermuda AST ADT
        Atlantic/Canary WET WEST
        Atlantic/Cape_Verde CVT CVST
        Atlantic/Faeroe WET WEST
        Atlantic/Faroe WET WEST
        Atlantic/Jan_Mayen CET CEST
        Atlantic/Madeira WET WEST
        Atlantic/Reykjavik GMT
        Atlantic/South_Georgia GST GDT
        Atlantic/St_Helena GMT
        Atlantic/Stanley FKT FKST
        Australia/ACT AEST AEDT
        Australia/Adelaide ACST ACDT
        Australia/Brisbane AEST AEDT
        Australia/Broken_Hill ACST ACDT
        Australia/Canberra AEST AEDT
        Australia/Currie AEST AEDT
        Australia/Darwin ACST ACDT
        Australia/Eucla ACWST ACWDT
        Australia/Hobart AEST AEDT
        Australia/LHI LHST LHDT
        Australia/Lindeman AEST AEDT
        Australia/Lord_Howe LHST LHDT
        Australia/Melbourne AEST AEDT
        Australia/NSW AEST AEDT
        Australia/North ACST ACDT
        Australia/Perth AWST AWDT
        Australia/Queensland AEST AEDT
        Australia/South ACST ACDT
        Australia/Sydney AEST AEDT
        Australia/Tasmania AEST AEDT
        Australia/Victoria AEST AEDT
        Australia/West AWST AWDT
        Australia/Yancowinna ACST ACDT
        Brazil/Acre ACT ACST
        Brazil/DeNoronha FNT FNST
        Brazil/East BRT BRST
        Brazil/West AMT AMST
        CET CET CEST
        CST6CDT CST CDT
        Canada/Atlantic AST ADT
        Canada/Central CST CDT
        Canada/Eastern EST EDT
        Canada/Mountain MST MDT
        Canada/Newfoundland NST NDT
        Canada/Pacific PST PDT
        Canada/Saskatchewan CST CDT
        Canada/Yukon MST MDT
        Chile/Continental CLT CLST
        Chile/EasterIsland EAST EASST
        Cuba CST CDT
        EET EET EEST
        EST5EDT EST EDT
        Egypt EET EEST
        Eire GMT IST
        Etc/GMT GMT
        Etc/GMT+0 GMT
        Etc/GMT-0 GMT
        Etc/GMT0 GMT
        Etc/Greenwich GMT
        Etc/UCT UTC
        Etc/UTC UTC
        Etc/Universal UTC
        Etc/Zulu UTC
        Europe/Amsterdam CET CEST
        Europe/Andorra CET CEST
        Europe/Athens EET EEST
        Europe/Belfast GMT BST
        Europe/Belgrade CET CEST
        Europe/Berlin CET CEST
        Europe/Bratislava CET CEST
        Europe/Brussels CET CEST
        Europe/Bucharest EET EEST
        Europe/Budapest CET CEST
        Europe/Busingen CET CEST
        Europe/Chisinau EET EEST
        Europe/Copenhagen CET CEST
        Europe/Dublin GMT IST
        Europe/Gibraltar CET CEST
        Europe/Guernsey GMT BST
        Europe/Helsinki EET EEST
        Europe/Isle_of_Man GMT BST
        Europe/Istanbul TRT TRST
        Europe/Jersey GMT BST
        Europe/Kaliningrad EET EEST
        Europe/Kiev EET EEST
        Europe/Kirov MSK MSD
        Europe/Kyiv EET EEST
        Europe/Lisbon WET WEST
        Europe/Ljubljana CET CEST
        Europe/London GMT BST
        Europe/Luxembourg CET CEST
        Europe/Madrid CET CEST
        Europe/Malta CET CEST
        Europe/Mariehamn EET EEST
        Europe/Minsk MSK MSD
        Europe/Monaco CET CEST
        Europe/Moscow MSK MSD
        Europe/Nicosia EET EEST
        Europe/Oslo CET CEST
        Europe/Paris CET CEST
        Europe/Podgorica CET CEST
        Europe/Prague CET CEST
        Europe/Riga EET EEST
        Europe/Rome CET CEST
        Europe/Samara SAMT SAMST
        Europe/San_Marino CET CEST
        Europe/Sarajevo CET CEST
        Europe/Simferopol MSK MSD
        Europe/Skopje CET CEST
        Europe/Sofia EET EEST
        Europe/Stockholm CET CEST
        Europe/Tallinn EET EEST
        Europe/Tirane CET CEST
        Europe/Tiraspol EET EEST
        Europe/Uzhgorod EET EEST
        Europe/Vaduz CET CEST
        Europe/Vatican CET CEST
        Europe/Vienna CET CEST
        Europe/Vilnius EET EEST
        Europe/Volgograd MSK MSD
        Europe/Warsaw CET CEST
        Europe/Zagreb CET CEST
        Europe/Zaporozhye EET EEST
        Europe/Zurich CET CEST
        GB GMT BST
        GB-Eire GMT BST
        GMT GMT
        GMT0 GMT
        Greenwich GMT
        Hongkong HKT HKST
        Iceland GMT
        Indian/Antananarivo EAT EAST
        Indian/Chagos IOT IOST
        Indian/Christmas CXT CXST
        Indian/Cocos CCT CCST
        Indian/Comoro EAT EAST
        Indian/Kerguelen TFT TFST
        Indian/Mahe SCT SCST
        Indian/Maldives MVT MVST
        Indian/Mauritius MUT MUST
        Indian/Mayotte EAT EAST
        Indian/Reunion RET REST
        Iran IRST IRDT
        Israel IST IDT
        Jamaica EST EDT
        Japan JST JDT
        Kwajalein MHT MHST
        Libya EET EEST
        MET MET MEST
        MST7MDT MST MDT
        Mexico/BajaNorte PST PDT
        Mexico/BajaSur MST MDT
        Mexico/General CST CDT
        NZ NZST NZDT
        NZ-CHAT CHAST CHADT
        Navajo MST MDT
        PRC CST CDT
        PST8PDT PST PDT
        Pacific/Apia WSST WSDT
        Pacific/Auckland NZST NZDT
        Pacific/Bougainville BST
        Pacific/Chatham CHAST CHADT
        Pacific/Chuuk CHUT CHUST
        Pacific/Easter EAST EASST
        Pacific/Efate VUT VUST
        Pacific/Enderbury PHOT PHOST
        Pacific/Fakaofo TKT TKST
        Pacific/Fiji FJT FJST
        Pacific/Funafuti TVT TVST
        Pacific/Galapagos GALT GALST
        Pacific/Gambier GAMT GAMST
        Pacific/Guadalcanal SBT SBST
        Pacific/Guam ChST ChDT
        Pacific/Honolulu HST HDT
        Pacific/Johnston HAST HADT
        Pacific/Kiritimati LINT LINST
        Pacific/Kosrae KOST KOSST
        Pacific/Kwajalein MHT MHST
        Pacific/Majuro MHT MHST
        Pacific/Marquesas MART MARST
        Pacific/Midway SST SDT
        Pacific/Nauru NRT NRST
        Pacific/Niue NUT NUST
        Pacific/Norfolk NFT NFST
        Pacific/Noumea NCT NCST
        Pacific/Pago_Pago SST SDT
        Pacific/Palau PWT PWST
        Pacific/Pitcairn PST PDT
        Pacific/Pohnpei PONT PONST
        Pacific/Ponape PONT PONST
        Pacific/Port_Moresby PGT PGST
        Pacific/Rarotonga CKT CKHST
        Pacific/Saipan ChST ChDT
        Pacific/Samoa SST SDT
        Pacific/Tahiti TAHT TAHST
        Pacific/Tarawa GILT GILST
        Pacific/Tongatapu TOT TOST
        Pacific/Truk CHUT CHUST
        Pacific/Wake WAKT WAKST
        Pacific/Wallis WFT WFST
        Pacific/Yap CHUT CHUST
        Poland CET CEST
        Portugal WET WEST
        ROK KST KDT
        Singapore SGT SGST
        SystemV/AST4 AST ADT
        SystemV/AST4ADT AST ADT
        SystemV/CST6 CST CDT
        SystemV/CST6CDT CST CDT
        SystemV/EST5 EST EDT
        SystemV/EST5EDT EST EDT
        SystemV/HST10 HST HDT
        SystemV/MST7 MST MDT
        SystemV/MST7MDT MST MDT
        SystemV/PST8 PST
        SystemV/PST8PDT PST PDT
        SystemV/YST9 AKST
        SystemV/YST9YDT AKST AKDT
        Turkey TRT TRST
        UCT UTC
        US/Alaska AKST AKDT
        US/Aleutian HAST HADT
        US/Arizona MST MDT
        US/Central CST CDT
        US/East-Indiana EST EDT
        US/Eastern EST EDT
        US/Hawaii HST HDT
        US/Indiana-Starke CST CDT
        US/Michigan EST EDT
        US/Mountain MST MDT
        US/Pacific PST PDT
        US/Samoa SST SDT
        UTC UTC
        Universal UTC
        W-SU MSK MSD
        WET WET WEST
        Zulu UTC
        """
}
